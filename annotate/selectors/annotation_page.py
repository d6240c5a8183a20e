"""Everything the annotation screen shows, read with a fixed number of queries.

One query each for the assignment (with its article), the spans, this user's
annotations, the pre-label suggestions (skipped in blind mode) and the schema's
labels, whatever the article's length.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from annotate.models import Annotation, Assignment, Label, Prediction, Project, Span
from annotate.services.annotations import OPEN_STATES, snapshot
from annotate.services.errors import NotAllowed, NotFound


@dataclass(frozen=True)
class AnnotationPage:
    """The annotation screen's data: ``data`` is JSON-ready for the script."""

    article: dict
    assignment: Assignment
    editable: bool
    data: dict


def assignment_for(user, project: Project, article_id: int) -> Assignment:
    """The user's assignment for an article of ``project``, with the article loaded.

    Raises NotFound when the project has no such article, NotAllowed when it is not
    assigned to the user (it exists, but annotators only see their own work).
    """
    assignment = (
        Assignment.objects.select_related("article")
        .filter(article_id=article_id, article__project=project, annotator=user)
        .first()
    )
    if assignment is not None:
        return assignment
    if project.articles.filter(pk=article_id).exists():
        raise NotAllowed("This article is not assigned to you.")
    raise NotFound("No such article in this project.")


def annotation_page(user, project: Project, article_id: int) -> AnnotationPage:
    """The article, its spans, the user's own annotations and (unless the project is
    blind) the suggestions, for the user's assignment of ``article_id``."""
    assignment = assignment_for(user, project, article_id)
    article = assignment.article
    spans = list(Span.objects.filter(article=article).order_by("order"))
    span_ids = [span.pk for span in spans]
    editable = assignment.state in OPEN_STATES
    data = {
        "article": article.pk,
        "editable": editable,
        "spans": _spans(article.cleaned_text, spans),
        "labels": _labels(project),
        "annotations": _annotations(user, span_ids),
        "suggestions": _suggestions(span_ids) if project.show_suggestions else {},
    }
    return AnnotationPage(
        article=_article(article), assignment=assignment, editable=editable, data=data
    )


def _article(article) -> dict:
    return {
        "id": article.pk,
        "title": article.title or f"Article {article.pk}",
        "byline": article.byline,
        "outlet": article.outlet,
        "published": article.published,
        "url": article.url if _is_web_url(article.url) else "",
    }


def _is_web_url(url: str) -> bool:
    # Imported URLs are not validated: only http(s) links become clickable, so a
    # "javascript:" URL can never run from the page.
    return bool(re.match(r"^https?://", url or "", re.IGNORECASE))


def _spans(text: str, spans: list[Span]) -> list[dict]:
    """Each span's text and whether a paragraph break precedes it."""
    rows, previous_end = [], 0
    for index, span in enumerate(spans):
        gap = text[previous_end : span.start]
        rows.append(
            {
                "id": span.pk,
                "order": span.order,
                "kind": span.kind,
                "text": text[span.start : span.end],
                "paragraph": index == 0 or "\n" in gap,
            }
        )
        previous_end = span.end
    return rows


def _labels(project: Project) -> list[dict]:
    labels = Label.objects.filter(schema_id=project.label_schema_id).order_by("order", "name")
    return [
        {
            "name": label.name,
            "key": label.key,
            "colour": label.colour,
            "exclusive": label.exclusive,
            "description": label.description,
        }
        for label in labels
    ]


def _annotations(user, span_ids: list[int]) -> dict:
    # Only this user's rows: annotators never see each other's labels.
    rows = Annotation.objects.filter(annotator=user, span_id__in=span_ids)
    return {str(row.span_id): snapshot(row) for row in rows}


def _suggestions(span_ids: list[int]) -> dict:
    """The newest prediction per span."""
    rows = Prediction.objects.filter(span_id__in=span_ids).order_by("span_id", "-created_at", "-id")
    chosen: dict[str, dict] = {}
    for row in rows:
        chosen.setdefault(
            str(row.span_id),
            {
                "labels": list(row.labels),
                "confidence": row.confidence,
                "rationale": row.rationale,
                "cue": list(row.cue) if row.cue else None,
                "source": list(row.source) if row.source else None,
                "labeller": row.labeller,
            },
        )
    return chosen


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_INLINE = re.compile(r"(\*\*[^*]+\*\*|`[^`]+`)")


@lru_cache(maxsize=32)
def guideline_html(text: str) -> SafeString:
    """The guideline as HTML in which every piece of text is escaped; cached per text,
    since the same guideline is shown on every page of a project."""
    return format_html_join("", "{}", ((_block_html(block),) for block in guideline_blocks(text)))


def _block_html(block: dict) -> SafeString:
    if block["kind"] == "heading":
        return format_html(
            '<p class="guide-heading" role="heading" aria-level="{}">{}</p>',
            block["level"],
            _parts_html(block["parts"]),
        )
    if block["kind"] == "list":
        items = ((_parts_html(item),) for item in block["items"])
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items))
    if block["kind"] == "table":
        return _table_html(block)
    return format_html("<p>{}</p>", _parts_html(block["parts"]))


def _table_html(block: dict) -> SafeString:
    def cells(template: str, row: list) -> SafeString:
        return format_html_join("", template, ((_parts_html(cell),) for cell in row))

    head = cells('<th scope="col">{}</th>', block["head"])
    body = format_html_join("", "<tr>{}</tr>", ((cells("<td>{}</td>", r),) for r in block["rows"]))
    return format_html(
        '<div class="table-wrap"><table><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>',
        head,
        body,
    )


_STYLE_TAGS = {"strong": "<strong>{}</strong>", "code": "<code>{}</code>", "": "{}"}


def _parts_html(parts: list[dict]) -> SafeString:
    return format_html_join(
        "", "{}", ((format_html(_STYLE_TAGS[p["style"]], p["text"]),) for p in parts)
    )


def guideline_blocks(text: str) -> list[dict]:
    """The guideline's Markdown as plain blocks (heading, paragraph, list, table) whose
    text guideline_html escapes: readable structure without ever rendering raw HTML."""
    blocks: list[dict] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        blocks.extend(_chunk_blocks(lines))
    return blocks


def _chunk_blocks(lines: list[str]) -> list[dict]:
    if all(line.lstrip().startswith("|") for line in lines):
        return [_table(lines)]
    heading = _HEADING.match(lines[0])
    if heading:
        level = min(len(heading.group(1)) + 2, 6)
        rest = _chunk_blocks(lines[1:]) if lines[1:] else []
        return [{"kind": "heading", "level": level, "parts": _inline(heading.group(2))}, *rest]
    if _BULLET.match(lines[0]):
        return [{"kind": "list", "items": _list_items(lines)}]
    return [{"kind": "paragraph", "parts": _inline(" ".join(line.strip() for line in lines))}]


def _list_items(lines: list[str]) -> list[list[dict]]:
    items: list[str] = []
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet or not items:
            items.append(bullet.group(1) if bullet else line.strip())
        else:
            items[-1] += " " + line.strip()
    return [_inline(item) for item in items]


def _table(lines: list[str]) -> dict:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    rows = [row for row in rows if not all(re.fullmatch(r":?-+:?", cell) for cell in row)]
    head, body = (rows[0], rows[1:]) if rows else ([], [])
    return {
        "kind": "table",
        "head": [_inline(cell) for cell in head],
        "rows": [[_inline(cell) for cell in row] for row in body],
    }


def _inline(text: str) -> list[dict]:
    """Split ``**bold**`` and ``code`` out of a line, as (style, text) parts."""
    parts = []
    for piece in _INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**"):
            parts.append({"style": "strong", "text": piece[2:-2]})
        elif piece.startswith("`") and piece.endswith("`"):
            parts.append({"style": "code", "text": piece[1:-1]})
        else:
            parts.append({"style": "", "text": piece})
    return parts
