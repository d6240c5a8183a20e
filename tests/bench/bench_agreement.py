"""Benchmark of the agreement report: 100,000 spans x 3 annotators, 10% missing.

Run as a script (not collected by pytest):
    .venv/bin/python -m tests.bench.bench_agreement
Times the whole agreement_report, then nominal alpha by our numpy code and by the
`krippendorff` package on the same units x coders matrix, and prints the ratios.
"""

import random
import time

import krippendorff

from annotate.core.agreement import SKIP, Unit, agreement_report, krippendorff_alpha
from annotate.core.agreement.report import _code_units

LABELS = ("reported", "attributed", "speculative", "denied")
ANNOTATORS = ("alice", "bob", "chloe")
N_SPANS = 100_000
MISSING = 0.10


def random_rating(rng: random.Random) -> frozenset[str]:
    """A plausible rating: mostly one label, sometimes two non-exclusive ones, or skip."""
    roll = rng.random()
    if roll < 0.1:
        return SKIP
    if roll < 0.45:
        return frozenset({"reported"})
    return frozenset(rng.sample(LABELS[1:], 1 if roll < 0.85 else 2))


def build_units(seed: int = 20260101) -> list[Unit]:
    """Seeded spans; annotators mostly copy a hidden truth so agreement is realistic."""
    rng = random.Random(seed)
    units = []
    for key in range(N_SPANS):
        truth = random_rating(rng)
        ratings = {
            name: truth if rng.random() < 0.7 else random_rating(rng)
            for name in ANNOTATORS
            if rng.random() >= MISSING
        }
        units.append(
            Unit(
                key=key,
                ratings=ratings,
                gold=truth if key % 5 == 0 else None,
                prediction=truth if rng.random() < 0.6 else random_rating(rng),
                group=f"2026-W{key % 12 + 1:02d}",
            )
        )
    return units


def best_of(runs: int, fn):
    """Best wall time of ``runs`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    units = build_units()
    report_time, report = best_of(3, lambda: agreement_report(units, LABELS))
    coded = _code_units(units)
    matrix = coded.ratings
    ours_time, ours = best_of(5, lambda: krippendorff_alpha(matrix))
    package_time, package = best_of(
        3, lambda: krippendorff.alpha(matrix.T, level_of_measurement="nominal")
    )
    print(
        f"spans {N_SPANS:,} x annotators {len(ANNOTATORS)}, missing {MISSING:.0%}, "
        f"{len(coded.categories)} distinct label-set values"
    )
    print(
        f"agreement_report (whole):         {report_time * 1000:8.1f} ms"
        f"  (MASI alpha {report['krippendorff_alpha']:.4f})"
    )
    print(f"nominal alpha, ours (numpy):      {ours_time * 1000:8.1f} ms  (alpha {ours:.6f})")
    print(f"nominal alpha, krippendorff pkg:  {package_time * 1000:8.1f} ms  (alpha {package:.6f})")
    print(f"ratio report / package alpha:     {report_time / package_time:8.2f}")
    print(f"ratio package / ours (alpha):     {package_time / ours_time:8.1f}")
    print(f"|ours - package| = {abs(ours - package):.2e}")


if __name__ == "__main__":
    main()
