"""The agreement dashboard: the project's report, read as figures with bands, reasons
for undefined values, charts, and flat rows for the CSV download."""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from annotate.core import charts
from annotate.core.agreement import interpret
from annotate.models import Project
from annotate.selectors.agreement import project_agreement

ALPHA_THRESHOLDS = (charts.Threshold(0.667, "tentative"), charts.Threshold(0.8, "reliable"))
KAPPA_THRESHOLDS = (charts.Threshold(0.4, "moderate"), charts.Threshold(0.6, "substantial"))

NO_UNITS = "no span has two or more ratings yet"
NO_VARIATION = "the ratings show no variation, so agreement beyond chance cannot be measured"
CSV_COLUMNS = ("section", "subject", "metric", "value", "n")


@dataclass(frozen=True)
class Figure:
    """One coefficient with its usual reading, or the reason it is not defined."""

    value: float | None
    kind: str  # "alpha", "kappa" or "share" (a plain proportion: no band)
    reason: str = ""

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        return "not defined" if self.value is None else f"{self.value:.3f}"

    @property
    def band(self) -> str:
        if self.value is None or self.kind == "share":
            return ""
        return interpret(self.value, self.kind)


def figure(value: float | None, kind: str, n: int | None, *, none_reason: str = "") -> Figure:
    """A Figure whose reason, when undefined, says whether data or variation is missing."""
    if value is not None:
        return Figure(value, kind)
    return Figure(None, kind, NO_UNITS if n == 0 else (none_reason or NO_VARIATION))


def agreement_dashboard(project: Project) -> dict:
    """Everything the dashboard page shows, built from ``project_agreement``."""
    report = project_agreement(project)
    return dashboard_from_report(report)


def dashboard_from_report(report: dict) -> dict:
    """The dashboard view model of an agreement report (see annotate/core/agreement)."""
    n = report["n_units"]
    labels = _labels(report)
    annotators = _annotators(report)
    over_time = _over_time(report)
    return {
        "report": report,
        "n_units": n,
        "n_annotators": report["n_annotators"],
        "alpha": figure(report["krippendorff_alpha"], "alpha", n),
        "observed": figure(report["observed_agreement"], "share", n),
        "fleiss": figure(report["fleiss_kappa"], "kappa", n),
        "labels": labels,
        "annotators": annotators,
        "prelabeller": _prelabeller(report["prelabeller"]),
        "pairs": pair_matrix(report["pairs"], sorted(report["annotators"])),
        "over_time": over_time,
        "charts": _charts(labels, annotators, over_time),
    }


def _labels(report: dict) -> list[dict]:
    return [
        {
            "name": name,
            "n_units": row["n_units"],
            "alpha": figure(row["alpha"], "alpha", row["n_units"]),
            "kappa": figure(row["kappa_fleiss"], "kappa", row["n_units"]),
        }
        for name, row in report["per_label"].items()
    ]


def _annotators(report: dict) -> list[dict]:
    no_gold = "no adjudicated span this annotator labelled, or no variation in them"
    return [
        {
            "name": name,
            "n": row["n"],
            "vs_others": figure(
                row["vs_others_kappa"],
                "kappa",
                row["n"],
                none_reason="no other annotator's kappa with this one is defined",
            ),
            "vs_gold": figure(row["vs_gold_kappa"], "kappa", row["n"], none_reason=no_gold),
            "accuracy": figure(row["vs_gold_accuracy"], "share", row["n"], none_reason=no_gold),
        }
        for name, row in sorted(report["annotators"].items())
    ]


def _prelabeller(row: dict) -> dict:
    if row["n"]:
        reason = "no pre-labelled span has a gold decision yet, or no variation in them"
    else:
        reason = "no span has a pre-label yet"
    return {
        "n": row["n"],
        "kappa": figure(row["vs_gold_kappa"], "kappa", None, none_reason=reason),
        "accuracy": figure(row["vs_gold_accuracy"], "share", None, none_reason=reason),
    }


def pair_matrix(pairs: list[dict], names: list[str]) -> list[dict]:
    """Rows of a symmetric annotator x annotator table of Cohen's kappa.

    Each row is ``{"name", "cells"}``; a cell is None on the diagonal, else
    ``{"figure", "n"}`` (``n`` = spans both labelled; 0 when they share none).
    """
    found = {}
    for pair in pairs:
        cell = {
            "figure": figure(
                pair["kappa"],
                "kappa",
                pair["n"],
                none_reason="the two never labelled the same span, or no variation",
            ),
            "n": pair["n"],
        }
        found[(pair["a"], pair["b"])] = found[(pair["b"], pair["a"])] = cell
    empty = {"figure": figure(None, "kappa", 0), "n": 0}
    return [
        {
            "name": row,
            "cells": [None if row == col else found.get((row, col), empty) for col in names],
        }
        for row in names
    ]


def _over_time(report: dict) -> list[dict]:
    return [
        {
            "group": group,
            "n_units": row["n_units"],
            "alpha": figure(row["alpha"], "alpha", row["n_units"]),
        }
        for group, row in sorted(report["over_time"].items())
    ]


def _charts(labels: list[dict], annotators: list[dict], over_time: list[dict]) -> dict:
    # charts.py escapes every text it writes (tested in tests/core/test_charts.py),
    # so its output may be embedded as is.
    return {
        "labels": _safe(
            charts.bar_chart(
                [(row["name"], row["alpha"].value) for row in labels],
                ident="chart-labels",
                title="Krippendorff's alpha per label",
                description="One bar per label; dashed lines mark 0.667 and 0.800.",
                thresholds=ALPHA_THRESHOLDS,
            )
        ),
        "annotators": _safe(
            charts.bar_chart(
                [(row["name"], row["vs_gold"].value) for row in annotators],
                ident="chart-annotators",
                title="Cohen's kappa of each annotator against the gold",
                description="One bar per annotator; dashed lines mark 0.40 and 0.60.",
                thresholds=KAPPA_THRESHOLDS,
            )
        ),
        "over_time": _safe(
            charts.line_chart(
                [(row["group"], row["alpha"].value) for row in over_time],
                ident="chart-over-time",
                title="Krippendorff's alpha week by week",
                description="One point per ISO week of the latest annotation of each span.",
                thresholds=ALPHA_THRESHOLDS,
            )
        ),
    }


def _safe(svg: str) -> SafeString:
    return mark_safe(svg)


def agreement_rows(report: dict) -> list[dict]:
    """The report flattened to one row per figure, for CSV: CSV_COLUMNS keys.

    ``value`` is None where the figure is not defined; ``n`` is the number of
    units (or ratings) it rests on, None where the report gives none.
    """
    n = report["n_units"]
    rows = [
        _row("overall", "all", "krippendorff_alpha", report["krippendorff_alpha"], n),
        _row("overall", "all", "observed_agreement", report["observed_agreement"], n),
        _row("overall", "all", "fleiss_kappa", report["fleiss_kappa"], n),
        _row("overall", "all", "n_annotators", report["n_annotators"], None),
    ]
    for label, row in report["per_label"].items():
        rows.append(_row("per_label", label, "alpha", row["alpha"], row["n_units"]))
        rows.append(_row("per_label", label, "kappa_fleiss", row["kappa_fleiss"], row["n_units"]))
    for pair in report["pairs"]:
        rows.append(_row("pairs", f"{pair['a']}|{pair['b']}", "kappa", pair["kappa"], pair["n"]))
    for name, row in sorted(report["annotators"].items()):
        for metric in ("vs_gold_kappa", "vs_gold_accuracy", "vs_others_kappa"):
            rows.append(_row("annotators", name, metric, row[metric], row["n"]))
    prelabeller = report["prelabeller"]
    for metric in ("vs_gold_kappa", "vs_gold_accuracy"):
        rows.append(
            _row("prelabeller", "prelabeller", metric, prelabeller[metric], prelabeller["n"])
        )
    for group, row in sorted(report["over_time"].items()):
        rows.append(_row("over_time", group, "alpha", row["alpha"], row["n_units"]))
    return rows


def _row(section: str, subject: str, metric: str, value, n) -> dict:
    return {"section": section, "subject": subject, "metric": metric, "value": value, "n": n}
