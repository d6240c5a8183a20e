"""From several annotators' label sets to a proposed gold decision, over plain data."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# A rating is a tuple of sorted label names, or SKIP for an explicit "no label".
SKIP = ("__skip__",)


@dataclass(frozen=True)
class Proposal:
    """What the ratings of one span support as gold, and why."""

    rating: tuple[str, ...] | None  # None: no majority
    basis: str | None  # "unanimous", "majority" or None
    agreed: bool  # every annotator chose the same rating


def as_rating(labels: Sequence[str], skip: bool) -> tuple[str, ...]:
    """The hashable value of one annotation: its sorted labels, or SKIP."""
    return SKIP if skip else tuple(sorted(labels))


def propose(ratings: Sequence[tuple[str, ...]]) -> Proposal:
    """Unanimous when all ratings are equal (two or more), majority when one rating has
    more than half of the votes, otherwise nothing."""
    if not ratings:
        return Proposal(None, None, False)
    counts = Counter(ratings)
    top, votes = counts.most_common(1)[0]
    if len(counts) == 1:
        return Proposal(top, "unanimous" if len(ratings) > 1 else None, len(ratings) > 1)
    if votes * 2 > len(ratings):
        return Proposal(top, "majority", False)
    return Proposal(None, None, False)


def disagreement(span_ratings: Sequence[Sequence[tuple[str, ...]]]) -> float:
    """Share of spans (with two or more ratings) on which the annotators differ; 0 if none."""
    rated = [ratings for ratings in span_ratings if len(ratings) > 1]
    if not rated:
        return 0.0
    differing = sum(1 for ratings in rated if len(set(ratings)) > 1)
    return differing / len(rated)
