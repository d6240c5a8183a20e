"""The dataset as a stream of plain article records, for the export writers.

An export reads four streams, each ONE query sorted by article: articles, spans (with
their gold decision), annotations and predictions (see row_streams for how the rows
are fetched).
They are merged here as a merge join would: every row is read once, in order, so
the cost grows with the rows exported and memory holds one article at a time. (The
earlier design, four queries per chunk of articles, made PostgreSQL scan the whole
annotation table once per chunk.)

The span-side queries are plain SQL that runs on SQLite and PostgreSQL alike;
JSON and times are read as text (no per-row conversion) and the few distinct
label sets are decoded once.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import QuerySet

from annotate.core.export.records import CanonicalSpan, pseudonymise
from annotate.models import Adjudication, Annotation, Article, Prediction, Project, Span

from .row_streams import stream_rows

CHUNK = 2000  # rows per fetch from each server-side cursor


@dataclass(frozen=True)
class ExportFilters:
    """What to export. Article-level filters run in the database; the writers' core
    filters handle the span-level ones (labels, annotator, adjudicated only)."""

    adjudicated_only: bool = False
    min_agreement: float | None = None
    labels: tuple[str, ...] = ()
    outlet: str | None = None
    language: str | None = None
    annotator: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    pseudonymise: bool = False
    salt: str = field(default="", repr=False)


def articles_for(project: Project, filters: ExportFilters) -> QuerySet[Article]:
    """The project's articles that pass the article-level filters, in id order."""
    queryset = Article.objects.filter(project=project).order_by("pk")
    if filters.outlet:
        queryset = queryset.filter(outlet=filters.outlet)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.min_agreement is not None:
        queryset = queryset.filter(agreement_alpha__gte=filters.min_agreement)
    if filters.published_from:
        queryset = queryset.filter(published__gte=filters.published_from)
    if filters.published_to:
        queryset = queryset.filter(published__lte=filters.published_to)
    if filters.annotator:
        queryset = queryset.filter(assignments__annotator__username=filters.annotator)
    return queryset


def count_spans(project: Project, filters: ExportFilters) -> int:
    """How many spans the article-level filters leave (an upper bound for the export)."""
    return Span.objects.filter(article__in=articles_for(project, filters)).count()


def iter_article_records(project: Project, filters: ExportFilters) -> Iterator[dict]:
    """Yield one plain record per article (see annotate/core/export/records.py), in
    article id order."""
    chosen = articles_for(project, filters)
    subquery, params = chosen.order_by().values("pk").query.sql_with_params()
    lookups = _Lookups(filters)
    spans = _Follower(stream_rows(_SPANS_SQL.format(chosen=subquery), params))
    stamp = _STAMP_SQL[connection.vendor]
    annotations = _Follower(
        stream_rows(_ANNOTATIONS_SQL.format(chosen=subquery, stamp=stamp), params)
    )
    predictions = _Follower(stream_rows(_PREDICTIONS_SQL.format(chosen=subquery), params))
    for article in chosen.values_list(*ARTICLE_COLUMNS).iterator(chunk_size=CHUNK):
        article_id = article[0]
        yield _record(
            article,
            spans.take(article_id),
            _annotations_by_span(annotations.take(article_id), lookups),
            _predictions_by_span(predictions.take(article_id), lookups),
            lookups,
        )


ARTICLE_COLUMNS = (
    "pk",
    "content_hash",
    "title",
    "outlet",
    "byline",
    "url",
    "published",
    "language",
    "cleaned_text",
    "agreement",
)

# Every span-side query starts with the article id, the order all streams share.
_SPANS_SQL = f"""
    SELECT s.article_id, s.id, s."order", s.start, s."end", s.kind,
        CAST(g.labels AS TEXT), g.skip, g.basis, g.reviewer_id
    FROM {Span._meta.db_table} s
    LEFT JOIN {Adjudication._meta.db_table} g ON g.span_id = s.id
    WHERE s.article_id IN ({{chosen}})
    ORDER BY s.article_id, s."order"
"""
_ANNOTATIONS_SQL = f"""
    SELECT s.article_id, a.span_id, a.annotator_id, CAST(a.labels AS TEXT), a.skip,
        a.cue_start, a.cue_end, a.source_start, a.source_end, a.note,
        {{stamp}}
    FROM {Annotation._meta.db_table} a
    JOIN {Span._meta.db_table} s ON s.id = a.span_id
    WHERE s.article_id IN ({{chosen}})
    ORDER BY s.article_id
"""
# updated_at as ISO 8601 in UTC ("2026-11-24T10:00:00.500000+00:00"), printed by the
# database: measured, that beat reformatting PostgreSQL's text in Python per row.
_STAMP_SQL = {
    "postgresql": (
        """to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
    ),
    "sqlite": "replace(a.updated_at, ' ', 'T') || '+00:00'",  # stored as UTC text
}
# Oldest first, so that the newest labeller version is the one kept per span.
_PREDICTIONS_SQL = f"""
    SELECT s.article_id, p.span_id, p.labeller, p.labeller_version, CAST(p.labels AS TEXT),
        p.confidence, p.cue_start, p.cue_end, p.source_start, p.source_end, p.rationale
    FROM {Prediction._meta.db_table} p
    JOIN {Span._meta.db_table} s ON s.id = p.span_id
    WHERE s.article_id IN ({{chosen}})
    ORDER BY s.article_id, p.created_at, p.id
"""


class _Follower:
    """Follows a stream of rows sorted by article id (their first column) alongside
    the article stream, handing over each article's rows."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        self._groups = groupby(rows, key=itemgetter(0))
        self._next = next(self._groups, None)

    def take(self, article_id: int) -> list[tuple]:
        """The rows of ``article_id``; rows of articles before it are passed over
        (an article added while the export started is in one stream only)."""
        while self._next is not None and self._next[0] < article_id:
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != article_id:
            return []
        rows = list(self._next[1])
        self._next = next(self._groups, None)
        return rows


class _Names(dict):
    """User id -> the name an export shows (username, or its pseudonym), each user
    read once. A dict, so that the hot loops pay a plain lookup."""

    def __init__(self, filters: ExportFilters) -> None:
        super().__init__({None: None})
        self._filters = filters

    def __missing__(self, user_id: int) -> str:
        name = get_user_model().objects.values_list("username", flat=True).get(pk=user_id)
        if self._filters.pseudonymise:
            name = pseudonymise(name, self._filters.salt)
        self[user_id] = name
        return name


class _LabelSets(dict):
    """Label set as stored JSON text -> list, each distinct set decoded once. The
    lists are shared between records: not to be mutated."""

    def __missing__(self, text: str) -> list[str]:
        self[text] = labels = json.loads(text)
        return labels


class _Lookups:
    """What rows refer to by key, resolved once per export."""

    def __init__(self, filters: ExportFilters) -> None:
        self.names = _Names(filters)
        self.label_sets = _LabelSets()


def _record(article: tuple, spans: list[tuple], annotations, predictions, lookups) -> dict:
    pk, external_id, title, outlet, byline, url, published, language, text, agreement = article
    return {
        "article_id": pk,
        "external_id": external_id,
        "title": title or None,
        "outlet": outlet or None,
        "byline": byline or None,
        "url": url or None,
        "published": published.isoformat() if published else None,
        "language": language,
        "text": text,
        "agreement": agreement,
        "spans": [
            CanonicalSpan(
                {
                    "span_id": span_id,
                    "order": order,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "kind": kind,
                    "gold": None
                    if basis is None
                    else {
                        "labels": lookups.label_sets[labels],
                        "basis": basis,
                        "reviewer": lookups.names[reviewer],
                        "skip": bool(skip),
                    },
                    "annotations": annotations.get(span_id, []),
                    "prediction": predictions.get(span_id),
                }
            )
            for _, span_id, order, start, end, kind, labels, skip, basis, reviewer in spans
        ],
    }


def _range(start, end) -> list[int] | None:
    return None if start is None else [start, end]


def _annotations_by_span(rows: list[tuple], lookups: _Lookups) -> dict[int, list[dict]]:
    # The hottest loop of an export (three or more rows per span): kept flat.
    found = defaultdict(list)
    names, label_sets = lookups.names, lookups.label_sets
    for _, span_id, user_id, labels, skip, cue_s, cue_e, src_s, src_e, note, stamp in rows:
        found[span_id].append(
            {
                "annotator": names[user_id],
                "labels": label_sets[labels],
                "skip": bool(skip),
                "cue": None if cue_s is None else [cue_s, cue_e],
                "source": None if src_s is None else [src_s, src_e],
                "note": note,
                "updated_at": stamp,
            }
        )
    for entries in found.values():
        if len(entries) > 1:
            entries.sort(key=_by_annotator)
    return found


_by_annotator = itemgetter("annotator")


def _predictions_by_span(rows: list[tuple], lookups: _Lookups) -> dict[int, dict]:
    found = {}
    for row in rows:
        _, span_id, labeller, version, labels, confidence, cue_s, cue_e, src_s, src_e, why = row
        found[span_id] = {  # the newest labeller version wins
            "labeller": labeller,
            "version": version,
            "labels": lookups.label_sets[labels],
            "confidence": confidence,
            "cue": _range(cue_s, cue_e),
            "source": _range(src_s, src_e),
            "rationale": why,
        }
    return found
