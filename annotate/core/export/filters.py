"""What to export, decided over plain article records.

``filters`` is any object with the attributes below, or a mapping with those
keys (e.g. the selector's ExportFilters, or a dict); a missing or empty value
means "no constraint".

Article level (``article_passes``):

* ``min_agreement``: the article's stored ``agreement["krippendorff_alpha"]``
  is at least this; an article with no agreement figure fails.
* ``outlet``: equal to the article's outlet, ignoring case.
* ``language``: equal to the article's language code, ignoring case.
* ``published_from`` / ``published_to``: inclusive bounds on the publication
  date (date or ISO string); an undated article fails when a bound is set.

Span level (``span_passes``):

* ``adjudicated_only``: the span has a gold decision (a gold skip counts).
* ``labels``: the span's gold labels share one with the filter; a span without
  gold passes when any annotation's labels do.
* ``annotator``: that annotator annotated the span; ``apply_filters`` also
  keeps only that annotator's annotations.

``apply_filters`` combines both and drops an article left with no span when
any span-level filter is set.
"""

from collections.abc import Iterable, Iterator, Mapping
from datetime import date

FILTER_NAMES = (
    "adjudicated_only",
    "min_agreement",
    "labels",
    "outlet",
    "language",
    "annotator",
    "published_from",
    "published_to",
)
_SPAN_FILTERS = ("adjudicated_only", "labels", "annotator")


def _get(filters, name: str):
    if filters is None:
        return None
    if isinstance(filters, Mapping):
        return filters.get(name)
    return getattr(filters, name, None)


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _same(left: str | None, right: str) -> bool:
    return left is not None and left.casefold() == right.casefold()


def _agreement_ok(article: dict, minimum: float) -> bool:
    alpha = (article.get("agreement") or {}).get("krippendorff_alpha")
    return alpha is not None and alpha >= minimum


def _date_ok(published: str | None, start, end) -> bool:
    if start is None and end is None:
        return True
    if not published:
        return False
    # ISO dates (YYYY-MM-DD) order as strings; only the date part is compared.
    day = published[:10]
    return (start is None or day >= _iso(start)) and (end is None or day <= _iso(end))


def article_passes(article: dict, filters) -> bool:
    """Whether the article passes the article-level filters."""
    minimum = _get(filters, "min_agreement")
    outlet, language = _get(filters, "outlet"), _get(filters, "language")
    return (
        (minimum is None or _agreement_ok(article, minimum))
        and (not outlet or _same(article.get("outlet"), outlet))
        and (not language or _same(article.get("language"), language))
        and _date_ok(
            article.get("published"),
            _get(filters, "published_from"),
            _get(filters, "published_to"),
        )
    )


def _labels_ok(span: dict, wanted: set[str]) -> bool:
    gold = span.get("gold")
    if gold:
        return bool(wanted & set(gold.get("labels") or []))
    return any(wanted & set(a.get("labels") or []) for a in span.get("annotations") or [])


def span_passes(span: dict, filters) -> bool:
    """Whether the span passes the span-level filters."""
    labels, annotator = _get(filters, "labels"), _get(filters, "annotator")
    return (
        (not _get(filters, "adjudicated_only") or span.get("gold") is not None)
        and (not labels or _labels_ok(span, set(labels)))
        and (
            not annotator or any(a["annotator"] == annotator for a in span.get("annotations") or [])
        )
    )


def _narrowed(span: dict, annotator: str | None) -> dict:
    if not annotator:
        return span
    kept = [a for a in span.get("annotations") or [] if a["annotator"] == annotator]
    return span | {"annotations": kept}


def apply_filters(articles: Iterable[dict], filters) -> Iterator[dict]:
    """Yield the articles that pass, each with only its passing spans (a shallow
    copy when spans are dropped; the input records are never modified). Lazy: one
    article at a time."""
    span_level = any(_get(filters, name) for name in _SPAN_FILTERS)
    annotator = _get(filters, "annotator")
    for article in articles:
        if not article_passes(article, filters):
            continue
        if not span_level:
            yield article
            continue
        spans = [_narrowed(s, annotator) for s in article["spans"] if span_passes(s, filters)]
        if spans or not span_level:
            yield article | {"spans": spans}
