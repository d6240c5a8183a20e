"""Restore a labelled dataset (canonical JSONL, nested JSONL, doccano, Label Studio, brat)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotate.core.interchange import READERS, UnknownFormat, read_records
from annotate.models import Project
from annotate.services.errors import ServiceError
from annotate.services.interchange import restore


class Command(BaseCommand):
    help = "Restore articles, spans, annotations, predictions and gold from an export file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--project", required=True)
        parser.add_argument("--format", choices=READERS, default=None, help="Default: detect.")

    def handle(self, *args, path, project, format, **options):
        target = Project.objects.filter(slug=project).first()
        if target is None:
            raise CommandError(f"No project '{project}'.")
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        try:
            with read_records(path, format) as records:
                counts = restore(target, records, origin=path.name)
        except (UnknownFormat, ServiceError, KeyError, ValueError) as error:
            raise CommandError(f"Nothing was stored: {error}") from error
        summary = ", ".join(f"{value} {key}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Restored: {summary}"))
