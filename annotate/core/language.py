"""Which supported language an article is written in."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Below this many letters the n-gram model is guessing; fall back to the default.
MIN_LETTERS = 20


@lru_cache(maxsize=8)
def _identifier(supported: tuple[str, ...]) -> LanguageIdentifier:
    # Loading the model takes a moment; keep one per set of supported languages.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(supported))
    return identifier


def detect_language(text: str, supported: tuple[str, ...] = ("fr", "en")) -> str:
    """The most likely of the supported languages; supported[0] for short or empty text.

    Deterministic: the classifier is a fixed naive-Bayes model with no sampling.
    """
    if not supported:
        raise ValueError("detect_language needs at least one supported language")
    sample = text[:5000]
    if len(supported) == 1 or sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return supported[0]
    language, _confidence = _identifier(tuple(supported)).classify(sample)
    return language
