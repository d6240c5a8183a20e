"""Label-set rules of a schema, over plain data."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelSpec:
    """One label of a schema, as the core sees it."""

    name: str
    key: str
    exclusive: bool = False
    colour: str = "#888888"
    description: str = ""


class LabelSetError(ValueError):
    """A label set that the schema does not allow; the message says why."""


def normalise_label_set(labels: Iterable[str], schema: Sequence[LabelSpec]) -> list[str]:
    """Return the labels sorted and deduplicated, or raise LabelSetError.

    Unknown names are refused, and an exclusive label (``reported`` by default)
    may not be combined with any other.
    """
    chosen = sorted(set(labels))
    known = {spec.name: spec for spec in schema}
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise LabelSetError(
            f"unknown label(s) {', '.join(unknown)}; this schema has {', '.join(known)}"
        )
    exclusive = [name for name in chosen if known[name].exclusive]
    if exclusive and len(chosen) > 1:
        raise LabelSetError(f"'{exclusive[0]}' is exclusive and cannot combine with other labels")
    return chosen


def check_range(value: Sequence[int] | None, span_length: int, what: str) -> tuple[int, int] | None:
    """Validate a cue or source range relative to a span of ``span_length`` characters."""
    if value is None:
        return None
    if len(value) != 2:
        raise LabelSetError(f"{what} must be a [start, end] pair")
    start, end = int(value[0]), int(value[1])
    if not 0 <= start < end <= span_length:
        raise LabelSetError(
            f"{what} [{start}, {end}] is not inside the span (0 to {span_length} characters)"
        )
    return start, end
