import hashlib
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from annotate.core.export import FORMATS
from annotate.core.hashing import content_hash
from annotate.models import Adjudication, Annotation, Article, Job, Prediction
from annotate.selectors.export_records import ExportFilters
from annotate.services.adjudication import adjudicate
from annotate.services.annotations import save_annotation
from annotate.services.exports import download_path, start_export
from annotate.services.projects import label_specs
from tests.factories import assigned_article, make_project

SENTENCES = [
    "Selon le Wall Street Journal, Sullivan aurait eu des entretiens.",
    "Le Kremlin a refusé tout commentaire.",
    "Il pleuvait <script>alert(1)</script> sur Kiev.",
]
TITLE = "Washington et Moscou auraient eu des entretiens"
VOLATILE = {"article_id", "span_id", "updated_at", "created_at"}


@pytest.fixture
def labelled(project, annotators, reviewer):
    article = assigned_article(
        project,
        annotators,
        SENTENCES,
        outlet="Le Monde",
        url="https://x.fr/a",
        title=TITLE,
        content_hash=content_hash("\n\n".join([TITLE, *SENTENCES])),
    )
    spans = list(article.spans.order_by("order"))
    choices = [
        (["speculative"], ["speculative"]),
        (["attributed", "speculative"], ["attributed"]),
        (["denied"], ["denied"]),
        (["reported"], None),
    ]
    for span, (first, second) in zip(spans, choices, strict=True):
        save_annotation(annotators[0], span, labels=first, cue=[0, 5], note="vu <b>ici</b>")
        if second is None:
            save_annotation(annotators[1], span, skip=True, note="pas une affirmation")
        else:
            save_annotation(annotators[1], span, labels=second, source=[6, 20])
        Prediction.objects.create(
            span=span,
            labeller="heuristic-fr",
            labeller_version="1.0.0",
            labels=first,
            confidence=0.75,
            cue_start=0,
            cue_end=5,
            rationale="rule",
        )
    adjudicate(reviewer, spans[1], labels=["attributed", "speculative"], note="conditionnel")
    return article


def _export(project, fmt, out: Path, *extra) -> Path:
    call_command(
        "export", "--project", project.slug, "--format", fmt, "--out", str(out), *extra, verbosity=0
    )
    return out


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _stable(record):
    if isinstance(record, dict):
        return {k: _stable(v) for k, v in record.items() if k not in VOLATILE}
    if isinstance(record, list):
        return [_stable(v) for v in record]
    return record


def test_canonical_export_has_every_span_annotator_gold_and_prediction(labelled, project, tmp_path):
    lines = _lines(_export(project, "jsonl", tmp_path / "data.jsonl"))
    assert [line["order"] for line in lines] == [0, 1, 2, 3]
    second = lines[1]
    assert second["text"] == SENTENCES[0]
    assert second["gold"] == {
        "labels": ["attributed", "speculative"],
        "basis": "reviewer",
        "reviewer": "rev1",
        "skip": False,
    }
    assert {a["annotator"]: a["labels"] for a in second["annotations"]} == {
        "ann1": ["attributed", "speculative"],
        "ann2": ["attributed"],
    }
    assert second["prediction"]["version"] == "1.0.0"
    assert lines[3]["annotations"][1]["skip"] is True
    assert lines[0]["article_text"].startswith(TITLE)


def test_manifest_names_every_file_with_its_sha256(labelled, project, tmp_path):
    out = _export(project, "csv", tmp_path / "data.csv", "--adjudicated-only")
    manifest = json.loads((tmp_path / "data.csv.manifest.json").read_text())
    entry = manifest["files"][0]
    assert entry["path"] == "data.csv"
    assert entry["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest["filters"]["adjudicated_only"] is True
    assert manifest["labeller_versions"] == ["heuristic-fr@1.0.0"]
    assert manifest["guideline_version"] == project.guideline_version
    assert "salt" not in manifest["filters"]
    assert len(out.read_text().splitlines()) == 1 + 2  # header + one span with 2 annotators


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_writes_through_the_command(labelled, project, tmp_path, fmt):
    out = _export(project, fmt, tmp_path / f"out-{fmt}")
    assert out.exists()
    if out.is_dir():
        manifest = json.loads((out / "manifest.json").read_text())
        for entry in manifest["files"]:
            assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    else:
        assert out.stat().st_size > 0


def test_pseudonymised_export_hides_usernames(labelled, project, tmp_path):
    text = _export(
        project, "jsonl", tmp_path / "p.jsonl", "--pseudonymise", "--salt", "s3"
    ).read_text()
    assert "ann1" not in text and "annotator-" in text


def test_export_import_export_is_identical_apart_from_ids(labelled, project, tmp_path, lead):
    first = _export(project, "jsonl", tmp_path / "first.jsonl")
    empty = make_project("copy", lead=lead)
    call_command("import_annotations", str(first), "--project", "copy", verbosity=0)
    second = _export(empty, "jsonl", tmp_path / "second.jsonl")
    assert _stable(_lines(first)) == _stable(_lines(second))
    assert Annotation.objects.filter(span__article__project=empty).count() == 8
    assert Adjudication.objects.filter(span__article__project=empty).count() == 1


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio", "brat", "nested-jsonl"])
def test_foreign_formats_restore_labels_and_annotators(labelled, project, tmp_path, lead, fmt):
    out = _export(project, fmt, tmp_path / f"x-{fmt}")
    if fmt == "labelstudio":
        out = out.rename(out.with_suffix(".json"))
    elif fmt != "brat":
        out = out.rename(out.with_suffix(".jsonl"))
    copy = make_project(f"copy-{fmt}", lead=lead)
    call_command("import_annotations", str(out), "--project", copy.slug, verbosity=0)
    restored = {
        (a.span.order, a.annotator.username): a.labels
        for a in Annotation.objects.filter(span__article__project=copy).select_related(
            "span", "annotator"
        )
    }
    assert restored[(1, "ann1")] == ["attributed", "speculative"]
    assert restored[(1, "ann2")] == ["attributed"]
    assert restored[(2, "ann1")] == ["denied"]


def test_a_bad_record_stores_nothing(project, tmp_path, lead):
    bad = tmp_path / "bad.jsonl"
    line = {
        "schema_version": 1,
        "article_id": 1,
        "span_id": 1,
        "order": 0,
        "start": 0,
        "end": 99,
        "text": "Court.",
        "kind": "body",
        "article_text": "Court.",
        "annotations": [],
        "gold": None,
        "prediction": None,
    }
    bad.write_text(json.dumps(line) + "\n")
    with pytest.raises(CommandError, match="Nothing was stored.*outside the article text"):
        call_command("import_annotations", str(bad), "--project", project.slug, verbosity=0)
    assert not Article.objects.exists()


def test_a_record_missing_a_field_names_it_and_stores_nothing(project, tmp_path, labelled, lead):
    first = _export(project, "jsonl", tmp_path / "first.jsonl")
    first.write_text(first.read_text().replace('"annotator":', '"who":', 1))
    make_project("copy", lead=lead)
    with pytest.raises(CommandError, match="span 0: an annotation has no annotator"):
        call_command("import_annotations", str(first), "--project", "copy", verbosity=0)
    assert not Article.objects.filter(project__slug="copy").exists()


def test_a_span_without_offsets_is_refused_with_the_place(project, tmp_path, labelled, lead):
    first = _export(project, "jsonl", tmp_path / "first.jsonl")
    first.write_text(first.read_text().replace('"start":', '"begin":', 1))
    make_project("copy", lead=lead)
    with pytest.raises(CommandError, match="whole-number start and end"):
        call_command("import_annotations", str(first), "--project", "copy", verbosity=0)
    assert not Article.objects.filter(project__slug="copy").exists()


def test_unknown_labels_are_refused_with_the_place(project, tmp_path, labelled, lead):
    first = _export(project, "jsonl", tmp_path / "first.jsonl")
    text = first.read_text().replace('"denied"', '"rumour"')
    first.write_text(text)
    make_project("copy", lead=lead)
    with pytest.raises(CommandError, match="span 2: unknown label"):
        call_command("import_annotations", str(first), "--project", "copy", verbosity=0)
    assert not Article.objects.filter(project__slug="copy").exists()


def test_small_export_runs_inline_and_large_one_is_queued(
    labelled, project, settings, django_capture_on_commit_callbacks
):
    job = start_export(project, "jsonl", ExportFilters())
    assert job.state == Job.State.DONE and job.done == 4
    assert download_path(job).read_text().count("\n") == 4
    settings.ANNOTATE_EXPORT_INLINE_MAX_SPANS = 2
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        queued = start_export(project, "brat", ExportFilters())
    assert queued.state == Job.State.QUEUED  # as returned; the worker finished it afterwards
    queued.refresh_from_db()
    assert queued.state == Job.State.DONE
    assert download_path(queued).suffix == ".zip"


def test_hf_export_loads_with_datasets(labelled, project, tmp_path):
    import datasets

    folder = _export(project, "hf", tmp_path / "hf")
    files = {
        split: str(folder / f"{split}.jsonl")
        for split in ("train", "dev", "test")
        if (folder / f"{split}.jsonl").stat().st_size
    }
    loaded = datasets.load_dataset("json", data_files=files)
    assert sum(len(loaded[split]) for split in loaded) == 4
    names = [spec.name for spec in label_specs(project.label_schema)]
    assert set(names) <= set(loaded[next(iter(loaded))].column_names) | {"labels"}
