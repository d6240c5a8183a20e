"""From a raw document to an article ready to store: cleaned, segmented, fingerprinted."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from annotate.core.cleaning import (
    Block,
    CleanedPage,
    clean_body,
    clean_html,
    clean_page,
    parse_date,
)
from annotate.core.hashing import content_hash
from annotate.core.language import detect_language
from annotate.core.readers import InputError, InputProblem, RawDocument
from annotate.core.segmentation import SpanBounds, assemble

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
# Metadata key recording a publication date that was given but could not be read.
UNPARSED_DATE_KEY = "published_unparsed"


@dataclass(frozen=True)
class PreparedArticle:
    origin: str
    locator: str
    title: str | None
    byline: str | None
    outlet: str | None
    url: str | None
    published: datetime.date | None
    language: str
    original_text: str
    cleaned_text: str
    spans: list[SpanBounds]
    content_hash: str
    metadata: dict = field(default_factory=dict)


def prepare_article(doc: RawDocument, *, language: str | None = None) -> PreparedArticle:
    """Clean, segment and fingerprint one document.

    Title, byline and outlet given with the document win over what the cleaner found.
    The language is the explicit argument, else the document's, else detected from the
    text. A publication date that cannot be read becomes None, and the text as given is
    kept in metadata["published_unparsed"] so nothing is silently lost.
    Raises InputError when no body text is left after cleaning.
    """
    cleaned = _clean(doc)
    title = _given(doc.title) or cleaned.title
    blocks = _retitled(title, cleaned.blocks)
    if not any(block.kind == "body" for block in blocks):
        problem = InputProblem(doc.origin, doc.locator, "no article text left after cleaning")
        raise InputError([problem])
    chosen_language = _language(language) or _language(doc.language) or _detect(blocks)
    segmented = assemble(blocks, chosen_language)
    published, metadata = _published(_given(doc.published) or cleaned.published, doc.metadata)
    return PreparedArticle(
        origin=doc.origin,
        locator=doc.locator,
        title=title,
        byline=_given(doc.byline) or cleaned.byline,
        outlet=_given(doc.outlet) or cleaned.outlet,
        url=_given(doc.url),
        published=published,
        language=chosen_language,
        original_text=doc.text,
        cleaned_text=segmented.text,
        spans=segmented.spans,
        content_hash=content_hash(segmented.text),
        metadata=metadata,
    )


def _clean(doc: RawDocument) -> CleanedPage:
    if doc.fmt == "page":
        return clean_page(doc.text)
    if doc.fmt == "html":
        return clean_html(doc.text, doc.url)
    return clean_body(doc.text, doc.title)


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _retitled(title: str | None, blocks: list[Block]) -> list[Block]:
    """The blocks with exactly one title block, the chosen title, first."""
    rest = [block for block in blocks if block.kind != "title"]
    return ([Block("title", title)] if title else []) + rest


def _language(value: str | None) -> str | None:
    """A language tag reduced to its primary code ("fr-FR" -> "fr"); None if not a code."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if _LANGUAGE_CODE.fullmatch(code) else None


def _detect(blocks: list[Block]) -> str:
    return detect_language("\n".join(block.text for block in blocks))


def _published(raw: str | None, metadata: dict) -> tuple[datetime.date | None, dict]:
    metadata = dict(metadata)
    if raw is None:
        return None, metadata
    published = parse_date(raw)
    if published is None:
        metadata[UNPARSED_DATE_KEY] = raw
    return published, metadata
