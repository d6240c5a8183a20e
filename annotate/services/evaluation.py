"""How good the pre-labels are: against gold files, or against a project's adjudications."""

import json
from pathlib import Path

from django.db import transaction

from annotate.labellers.evaluation import align_by_text, score_label_sets
from annotate.models import Adjudication, Prediction, Project

from .imports import import_bytes
from .prelabel import prelabel_articles
from .projects import create_project, label_specs

THROWAWAY_SLUG = "evaluation-throwaway"


class _Rollback(Exception):
    """Raised to undo the throwaway project once its figures are read."""


def read_gold(path: Path) -> list[dict]:
    """The gold lines of a ``*.gold.jsonl`` file, in reading order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def raw_page_for(gold_path: Path) -> Path:
    """``X.gold.jsonl`` is evaluated on the raw page ``X.txt`` (or .html) beside it."""
    stem = gold_path.name.removesuffix(".gold.jsonl")
    for suffix in (".txt", ".html", ".htm"):
        candidate = gold_path.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{gold_path}: no raw page {stem}.txt or {stem}.html beside it")


def evaluate_gold_files(paths: list[Path], labeller: str | None = None) -> dict:
    """Import each raw page into a throwaway project, pre-label it, score against gold.

    Nothing is kept: the throwaway project lives in a transaction that is rolled back.
    """
    gold_sets, predicted_sets, gold_spans, labels = [], [], 0, []
    try:
        with transaction.atomic():
            project = create_project(
                name="Evaluation", slug=THROWAWAY_SLUG, prelabel_on_import=False
            )
            labels = [spec.name for spec in label_specs(project.label_schema)]
            for path in paths:
                gold = read_gold(path)
                gold_spans += len(gold)
                pairs = _score_file(project, path, gold, labeller)
                gold_sets += [g for g, _ in pairs]
                predicted_sets += [p for _, p in pairs]
            raise _Rollback
    except _Rollback:
        pass
    return _report(gold_sets, predicted_sets, labels, gold_spans)


def _score_file(project: Project, path: Path, gold: list[dict], labeller: str | None):
    page = raw_page_for(path)
    batch = import_bytes(project, page.name, page.read_bytes(), prelabel=False)
    if not batch.n_imported:
        messages = [e["message"] for e in batch.errors] or ["a duplicate of an earlier page"]
        raise ValueError(f"{page}: not imported: {'; '.join(messages)}")
    article = batch.articles.get()
    spans = list(article.spans.order_by("order"))
    prelabel_articles([article.pk], labeller=labeller)
    predicted = {
        p.span_id: frozenset(p.labels) for p in Prediction.objects.filter(span__article=article)
    }
    texts = [article.cleaned_text[s.start : s.end] for s in spans]
    matches = align_by_text([line["text"] for line in gold], texts)
    return [
        (frozenset(gold[g]["labels"]), predicted.get(spans[s].pk, frozenset())) for g, s in matches
    ]


def evaluate_project(project: Project) -> dict:
    """Score the newest pre-labels of a project against its adjudicated gold."""
    labels = [spec.name for spec in label_specs(project.label_schema)]
    predicted = {}
    for span_id, span_labels in (
        Prediction.objects.filter(span__article__project=project)
        .order_by("created_at")
        .values_list("span_id", "labels")
    ):
        predicted[span_id] = frozenset(span_labels)
    gold_sets, predicted_sets = [], []
    decided = Adjudication.objects.filter(span__article__project=project, skip=False)
    for span_id, gold_labels in decided.values_list("span_id", "labels"):
        gold_sets.append(frozenset(gold_labels))
        predicted_sets.append(predicted.get(span_id, frozenset()))
    return _report(gold_sets, predicted_sets, labels, len(gold_sets))


def _report(gold_sets, predicted_sets, labels, gold_spans: int) -> dict:
    scores = score_label_sets(gold_sets, predicted_sets, labels)
    return {**scores, "gold_spans": gold_spans, "matched_spans": len(gold_sets)}
