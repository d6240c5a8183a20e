"""Export a project's labelled dataset to a file or folder, with a manifest."""

import shutil
import tempfile
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotate.core.export import FORMATS
from annotate.models import Project
from annotate.selectors.export_records import ExportFilters, count_spans
from annotate.services.errors import ServiceError
from annotate.services.exports import write_export


class Command(BaseCommand):
    help = "Export the dataset with a manifest (PATH.manifest.json, or inside a folder export)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True)
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--adjudicated-only", action="store_true")
        parser.add_argument("--min-agreement", type=float)
        parser.add_argument("--labels", default="", help="Comma-separated label names.")
        parser.add_argument("--outlet")
        parser.add_argument("--language", choices=["fr", "en"])
        parser.add_argument("--annotator")
        parser.add_argument("--from", dest="published_from", type=date.fromisoformat)
        parser.add_argument("--to", dest="published_to", type=date.fromisoformat)
        parser.add_argument("--pseudonymise", action="store_true")
        parser.add_argument("--salt", default="", help="Salt for --pseudonymise.")
        parser.add_argument("--seed", type=int, default=13, help="Seed of the hf splits.")

    def handle(self, *args, project, format, out, seed, **options):
        target = Project.objects.filter(slug=project).first()
        if target is None:
            raise CommandError(f"No project '{project}'.")
        filters = _filters(options)
        total = count_spans(target, filters)
        with tqdm(total=total, unit="span", disable=options["verbosity"] < 1) as bar:
            written = self._write(target, format, filters, out, seed, bar)
        self.stdout.write(self.style.SUCCESS(f"Wrote {written}"))

    def _write(self, project, fmt, filters, out: Path, seed: int, bar) -> Path:
        # Write in a scratch folder, then move into place: a failed export leaves no half file.
        with tempfile.TemporaryDirectory(dir=out.parent if out.parent.exists() else None) as tmp:
            try:
                data = write_export(
                    project,
                    fmt,
                    filters,
                    Path(tmp),
                    seed=seed,
                    name=out.name,
                    progress=lambda spans: bar.update(spans - bar.n),
                )
            except ServiceError as error:
                raise CommandError(error.message) from error
            if data.is_file():
                manifest = out.with_name(out.name + ".manifest.json")
                shutil.move(Path(tmp) / "manifest.json", manifest)
            if out.exists():
                shutil.rmtree(out) if out.is_dir() else out.unlink()
            shutil.move(data, out)
        return out


def _filters(options: dict) -> ExportFilters:
    labels = tuple(label for label in options["labels"].split(",") if label)
    return ExportFilters(
        adjudicated_only=options["adjudicated_only"],
        min_agreement=options["min_agreement"],
        labels=labels,
        outlet=options["outlet"],
        language=options["language"],
        annotator=options["annotator"],
        published_from=options["published_from"],
        published_to=options["published_to"],
        pseudonymise=options["pseudonymise"],
        salt=options["salt"],
    )
