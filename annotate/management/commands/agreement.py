"""Print a project's agreement figures: a readable table, or the report as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from annotate.models import Project
from annotate.selectors.agreement import project_agreement
from annotate.selectors.dashboard import dashboard_from_report, figure


class Command(BaseCommand):
    help = "Print inter-annotator agreement figures of a project (same figures as the dashboard)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="Project slug.")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print the report dict as JSON instead of a table.",
        )

    def handle(self, *args, project, as_json: bool, **options):
        target = Project.objects.select_related("label_schema").filter(slug=project).first()
        if target is None:
            raise CommandError(f"No project '{project}'.")
        report = project_agreement(target)
        if as_json:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            self.stdout.write("\n".join(text_report(report)))


def text_report(report: dict) -> list[str]:
    """The report as lines of aligned text, each figure with its band or undefined reason."""
    board = dashboard_from_report(report)
    lines = [
        f"Spans rated by two or more: {board['n_units']}; annotators: {board['n_annotators']}",
        "",
        "Overall",
        _line("Krippendorff's alpha (MASI)", board["alpha"]),
        _line("Fleiss' kappa", board["fleiss"]),
        _line("Observed agreement", board["observed"]),
        "",
        "Per label (alpha | Fleiss' kappa | spans)",
    ]
    for row in board["labels"]:
        lines.append(
            _line(row["name"], row["alpha"]) + f" | {_cell(row['kappa'])} | {row['n_units']}"
        )
    lines += ["", "Per annotator (kappa vs others | kappa vs gold | accuracy vs gold | spans)"]
    for row in board["annotators"]:
        figures = " | ".join(_cell(row[key]) for key in ("vs_others", "vs_gold", "accuracy"))
        lines.append(f"  {row['name']:<28} {figures} | {row['n']}")
    prelabeller = board["prelabeller"]
    lines += [
        "",
        f"Pre-labeller vs gold ({prelabeller['n']} spans pre-labelled)",
        _line("kappa", prelabeller["kappa"]),
        _line("accuracy", prelabeller["accuracy"]),
        "",
        "Pairwise Cohen's kappa",
    ]
    for pair in report["pairs"]:
        kappa = figure(pair["kappa"], "kappa", pair["n"])
        lines.append(f"  {pair['a'] + ' / ' + pair['b']:<28} {_cell(kappa)} ({pair['n']} spans)")
    lines += ["", "Over time (alpha per ISO week)"]
    for row in board["over_time"]:
        lines.append(_line(row["group"], row["alpha"]) + f" ({row['n_units']} spans)")
    return lines


def _cell(figure) -> str:
    if not figure.defined:
        return "not defined"
    return f"{figure.display} {figure.band}".strip()


def _line(name: str, figure) -> str:
    text = f"  {name:<28} {_cell(figure)}"
    if not figure.defined:
        text += f" ({figure.reason})"
    return text
