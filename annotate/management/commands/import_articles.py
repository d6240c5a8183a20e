"""Import article files (pages, HTML, JSONL, CSV, zip) into a project."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotate.models import ImportBatch, Project
from annotate.services.imports import import_bytes
from annotate.services.projects import create_project


class Command(BaseCommand):
    help = "Import article files into a project; each file is all-or-nothing by default."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--project", required=True, help="Project slug.")
        parser.add_argument("--create", action="store_true", help="Create the project if missing.")
        parser.add_argument("--language", choices=["fr", "en"], default="")
        parser.add_argument("--no-prelabel", action="store_true")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows, report the rest."
        )

    def handle(self, *args, paths, project, create, language, no_prelabel, skip_invalid, **opts):
        target = self._project(project, create, language)
        failed = 0
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            with tqdm(desc=path.name, unit="doc", disable=opts["verbosity"] < 1) as bar:
                batch = import_bytes(
                    target,
                    path.name,
                    path.read_bytes(),
                    skip_invalid=skip_invalid,
                    language=language,
                    prelabel=not no_prelabel,
                    progress=lambda done, total, bar=bar: _advance(bar, done, total),
                )
            failed += batch.state == ImportBatch.State.FAILED
            self._report(batch)
        if failed:
            raise CommandError(f"{failed} file(s) were not imported; nothing of them was stored.")

    def _project(self, slug: str, create: bool, language: str) -> Project:
        project = Project.objects.filter(slug=slug).first()
        if project is None and not create:
            raise CommandError(f"No project '{slug}' (add --create to make it).")
        return project or create_project(name=slug, slug=slug, language=language or "fr")

    def _report(self, batch: ImportBatch) -> None:
        style = self.style.SUCCESS if batch.state == ImportBatch.State.DONE else self.style.ERROR
        self.stdout.write(
            style(
                f"{batch.file_name}: {batch.state}: {batch.n_imported} imported, "
                f"{batch.n_duplicates} duplicate(s), {batch.n_invalid} invalid"
            )
        )
        for problem in batch.errors:
            self.stdout.write(f"  {problem['message']}")
        for duplicate in batch.duplicates:
            self.stdout.write(f"  duplicate: {duplicate['where']}")


def _advance(bar: tqdm, done: int, total: int) -> None:
    bar.total = total
    bar.n = done
    bar.refresh()
