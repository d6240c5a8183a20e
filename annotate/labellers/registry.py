"""Find a labeller by name or by language.

Labeller classes are imported lazily, so importing the registry does not pull
in spaCy; constructing a labeller is cheap (the model loads on first predict).
"""

from __future__ import annotations

from importlib import import_module

from .base import Labeller

_LABELLERS = {
    "heuristic-fr": "annotate.labellers.french:FrenchLabeller",
    "heuristic-en": "annotate.labellers.english:EnglishLabeller",
}
_BY_LANGUAGE = {"fr": "heuristic-fr", "en": "heuristic-en"}


class UnsupportedLanguage(ValueError):
    """No labeller handles this language."""


def available_labellers() -> list[str]:
    """Names accepted by :func:`get_labeller`, sorted."""
    return sorted(_LABELLERS)


def get_labeller(name: str) -> Labeller:
    """A new labeller instance; KeyError (listing the known names) for an unknown name."""
    try:
        target = _LABELLERS[name]
    except KeyError:
        known = ", ".join(available_labellers())
        raise KeyError(f"unknown labeller {name!r}; known labellers: {known}") from None
    module, _, cls = target.partition(":")
    return getattr(import_module(module), cls)()


def labeller_for_language(language: str) -> Labeller:
    """The labeller for a language code ("fr", "en", also "fr-FR", "EN_gb")."""
    base = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if base not in _BY_LANGUAGE:
        known = ", ".join(sorted(_BY_LANGUAGE))
        raise UnsupportedLanguage(f"no labeller for language {language!r}; supported: {known}")
    return get_labeller(_BY_LANGUAGE[base])
