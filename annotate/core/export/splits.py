"""Train/dev/test assignment by article, stratified by each article's dominant label.

Splitting by article (never by span) keeps sentences of one article, which
share sources and style, out of two splits. Only small per-article summaries
are held in memory, never the articles themselves.
"""

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from annotate.core.export.records import gold_labels

SPLITS = ("train", "dev", "test")
NO_LABEL = ""  # stratum of articles with no gold label at all


def label_counts(article: dict) -> dict[str, int]:
    """How many of the article's spans carry each gold label (a split summary)."""
    return dict(Counter(label for span in article["spans"] for label in gold_labels(span)))


def dominant_label(counts: Mapping[str, int]) -> str:
    """The most frequent label; ties go to the alphabetically first one."""
    present = [(-n, label) for label, n in counts.items() if n > 0]
    return min(present)[1] if present else NO_LABEL


def _check_ratios(ratios: Sequence[float]) -> None:
    if len(ratios) != len(SPLITS) or min(ratios) < 0 or not math.isclose(sum(ratios), 1.0):
        raise ValueError(f"ratios must be {len(SPLITS)} non-negative numbers summing to 1")


def _quotas(size: int, ratios: Sequence[float], totals: list[int], seen: int) -> list[int]:
    """Split ``size`` articles of one stratum: each split gets the floor or the
    ceiling of its share (so the stratum stays within one article of its ratio);
    the ceilings go to the splits furthest below their overall target, so strata
    do not all round the same way."""
    floors = [math.floor(ratio * size) for ratio in ratios]
    quotas = list(floors)
    # Only a split whose share has a fractional part may take a ceiling: a share of
    # exactly 4 rounded up to 5 would be a whole article off its ratio.
    fractional = [i for i, ratio in enumerate(ratios) if ratio * size - floors[i] > 1e-9]
    for _ in range(size - sum(floors)):
        open_splits = [i for i in fractional if quotas[i] == floors[i]] or [
            i for i in range(len(ratios)) if quotas[i] == floors[i]
        ]
        quotas[max(open_splits, key=lambda i: _deficit(i, ratios, size, seen, totals, quotas))] += 1
    return quotas


def _deficit(i: int, ratios, size: int, seen: int, totals: list[int], quotas: list[int]):
    overall = ratios[i] * (seen + size) - totals[i] - quotas[i]
    return overall, ratios[i] * size - quotas[i], -i


def assign_splits(
    articles: Iterable[tuple[object, Mapping[str, int]]],
    ratios: Sequence[float] = (0.8, 0.1, 0.1),
    seed: int = 13,
) -> dict[object, str]:
    """Map each article id to "train", "dev" or "test".

    ``articles`` gives ``(article_id, label_counts)`` pairs. Articles are grouped
    by dominant label; each group is shuffled with ``seed`` (after sorting by id,
    so input order does not matter) and cut to the ratios. The result is
    deterministic for a seed, and every group's share per split is within one
    article of its ratio.
    """
    _check_ratios(ratios)
    strata = _strata(articles)
    rng = random.Random(seed)
    totals, seen, result = [0] * len(SPLITS), 0, {}
    for label in sorted(strata):
        members = sorted(strata[label], key=lambda a: (str(type(a)), a))
        rng.shuffle(members)
        quotas = _quotas(len(members), ratios, totals, seen)
        cuts = [sum(quotas[:i]) for i in range(len(quotas) + 1)]
        for index, split in enumerate(SPLITS):
            result.update(dict.fromkeys(members[cuts[index] : cuts[index + 1]], split))
            totals[index] += quotas[index]
        seen += len(members)
    return result


def _strata(articles: Iterable[tuple[object, Mapping[str, int]]]) -> dict[str, list]:
    strata: dict[str, list] = defaultdict(list)
    seen: set = set()
    for article_id, counts in articles:
        if article_id in seen:
            raise ValueError(f"article {article_id!r} listed twice")
        seen.add(article_id)
        strata[dominant_label(counts)].append(article_id)
    return strata
