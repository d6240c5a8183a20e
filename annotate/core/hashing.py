"""A fingerprint of article text that survives re-scraping.

The same article saved twice rarely matches byte for byte: spacing, curly versus straight
quotes, dash styles and letter case drift between scrapes. The hash is taken over a
normalised form so those copies are recognised as duplicates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Typographic variants mapped to one plain form. NFKC already folds compatibility
# characters (ligatures, full-width letters, non-breaking spaces); these are distinct
# characters it leaves alone.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "`": "'",
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2039": '"',  # ‹
        "\u203a": '"',  # ›
        "\u2033": '"',  # ″
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u2026": "...",  # …
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)
_WHITESPACE = re.compile(r"\s+")
# French typography puts a (thin) space inside guillemets and before : ; ! ?; English
# does not. After unifying quotes, drop spaces hugging punctuation so both forms agree.
_SPACE_INSIDE_QUOTES = re.compile(r'(?<=")\s+|\s+(?=")')
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[:;!?%])")


def normalise_for_hash(text: str) -> str:
    """The form content_hash digests: NFKC, casefolded, typography unified, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).casefold()
    text = _WHITESPACE.sub(" ", text)
    text = _SPACE_INSIDE_QUOTES.sub("", text)
    return _SPACE_BEFORE_PUNCT.sub("", text).strip()


def content_hash(text: str) -> str:
    """Hex SHA-256 of the normalised text, equal for re-scrapes of the same article."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()
