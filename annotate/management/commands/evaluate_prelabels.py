"""Score the pre-labeller against gold files or a project's adjudicated gold."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotate.models import Project
from annotate.services.evaluation import evaluate_gold_files, evaluate_project


class Command(BaseCommand):
    help = "Per-label precision/recall/F1, macro-F1, exact match and kappa of the pre-labels."

    def add_arguments(self, parser):
        parser.add_argument("--gold", nargs="+", type=Path, default=[], help="*.gold.jsonl files")
        parser.add_argument("--project", help="Score against this project's adjudications.")
        parser.add_argument("--labeller", default=None)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, gold, project, labeller, json: bool, **options):
        if bool(gold) == bool(project):
            raise CommandError("Give either --gold FILE... or --project SLUG.")
        try:
            report = self._evaluate(gold, project, labeller)
        except (FileNotFoundError, ValueError, KeyError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_as_json(report) if json else _as_table(report))

    def _evaluate(self, gold: list[Path], slug: str | None, labeller: str | None) -> dict:
        if gold:
            return evaluate_gold_files(gold, labeller)
        project = Project.objects.filter(slug=slug).first()
        if project is None:
            raise CommandError(f"No project '{slug}'.")
        return evaluate_project(project)


def _as_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _as_table(report: dict) -> str:
    lines = [f"{'label':<14}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for label, row in report["per_label"].items():
        lines.append(
            f"{label:<14}{row['precision']:>10.3f}{row['recall']:>10.3f}"
            f"{row['f1']:>10.3f}{row['support']:>9}"
        )
    kappa = report.get("kappa")
    lines += [
        f"macro-F1      {report['macro_f1']:.3f}",
        f"exact match   {report['exact_match']:.3f}",
        f"kappa         {'not defined' if kappa is None else f'{kappa:.3f}'}",
        f"spans         {report['matched_spans']} of {report['gold_spans']} gold spans matched",
    ]
    return "\n".join(lines)
