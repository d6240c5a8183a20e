"""The management commands a project lead runs: import, pre-label, evaluate."""

import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from annotate.models import Article, ImportBatch, Job, Prediction, Project, Span
from tests.conftest import SAMPLE_GOLD, SAMPLE_PAGE


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, verbosity=0)
    return out.getvalue()


def test_import_creates_the_project_and_the_sample_spans(db):
    output = _run(
        "import_articles", str(SAMPLE_PAGE), "--project", "news", "--create", "--no-prelabel"
    )
    assert "1 imported" in output
    project = Project.objects.get(slug="news")
    assert Span.objects.filter(article__project=project).count() == 26
    again = _run("import_articles", str(SAMPLE_PAGE), "--project", "news", "--no-prelabel")
    assert "0 imported, 1 duplicate" in again
    assert Article.objects.count() == 1


def test_a_bad_row_fails_the_whole_file_unless_asked(project, tmp_path):
    data = tmp_path / "batch.jsonl"
    data.write_text(
        '{"title": "Un", "text": "Le maire a inauguré le pont."}\n'
        '{"title": "Deux", "text": "Selon la préfecture"\n'
        '{"title": "Trois"}\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="not imported"):
        _run("import_articles", str(data), "--project", project.slug, "--no-prelabel")
    assert not Article.objects.exists()
    failed = ImportBatch.objects.get()
    messages = [error["message"] for error in failed.errors]
    assert any("batch.jsonl, line 2: malformed JSON" in m for m in messages)
    assert any("batch.jsonl, line 3" in m and "text" in m for m in messages)
    output = _run(
        "import_articles", str(data), "--project", project.slug, "--no-prelabel", "--skip-invalid"
    )
    assert "1 imported" in output and "2 invalid" in output
    assert Article.objects.get().title == "Un"


def test_missing_project_and_file_are_clear_errors(db, tmp_path):
    with pytest.raises(CommandError, match="No project 'nope'"):
        _run("import_articles", str(SAMPLE_PAGE), "--project", "nope")
    with pytest.raises(CommandError, match="no such file"):
        _run("import_articles", str(tmp_path / "absent.txt"), "--project", "nope", "--create")


def test_prelabel_command_labels_every_span_once(project):
    _run("import_articles", str(SAMPLE_PAGE), "--project", project.slug, "--no-prelabel")
    _run("prelabel", "--project", project.slug)
    _run("prelabel", "--project", project.slug)
    assert Prediction.objects.count() == Span.objects.count() == 26
    assert set(Job.objects.values_list("state", flat=True)) == {Job.State.DONE}
    with pytest.raises(CommandError, match="heuristic-fr"):
        _run("prelabel", "--project", project.slug, "--labeller", "oracle")


def test_evaluate_prelabels_json_on_the_sample(db, tmp_path):
    report = json.loads(_run("evaluate_prelabels", "--gold", str(SAMPLE_GOLD), "--json"))
    assert {"macro_f1", "per_label", "exact_match", "gold_spans", "matched_spans"} <= set(report)
    assert report["gold_spans"] == report["matched_spans"] == 26
    wrong = round((1 - report["exact_match"]) * 26)
    assert wrong <= 2
    assert set(report["per_label"]) == {"reported", "attributed", "speculative", "denied"}
    assert report["per_label"]["attributed"]["support"] == 14
    assert not Project.objects.exists()  # the throwaway project was rolled back


def test_evaluate_prelabels_needs_the_raw_page_beside_the_gold(db, tmp_path):
    lonely = tmp_path / "x.gold.jsonl"
    shutil.copy(SAMPLE_GOLD, lonely)
    with pytest.raises(CommandError, match="no raw page"):
        _run("evaluate_prelabels", "--gold", str(lonely))


def test_evaluate_against_a_projects_adjudications(project, reviewer):
    from annotate.services.adjudication import adjudicate

    _run("import_articles", str(SAMPLE_PAGE), "--project", project.slug, "--no-prelabel")
    _run("prelabel", "--project", project.slug)
    gold = [json.loads(line) for line in SAMPLE_GOLD.read_text(encoding="utf-8").splitlines()]
    for span, line in zip(Span.objects.order_by("order"), gold, strict=True):
        adjudicate(reviewer, span, labels=line["labels"])
    report = json.loads(_run("evaluate_prelabels", "--project", project.slug, "--json"))
    assert report["matched_spans"] == 26
    assert report["exact_match"] >= 24 / 26
