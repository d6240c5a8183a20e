"""Pre-label a project's spans, in this process or through the Celery workers."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotate.models import Job, Project
from annotate.services.prelabel import run_chunk, start_prelabel


class Command(BaseCommand):
    help = "Pre-label every span of a project with a labeller (by default the project language's)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True)
        parser.add_argument("--labeller", default=None, help="Labeller name, e.g. heuristic-fr.")
        parser.add_argument(
            "--workers",
            action="store_true",
            help="Queue the work for Celery workers and follow it.",
        )

    def handle(self, *args, project, labeller, workers, **options):
        target = Project.objects.filter(slug=project).first()
        if target is None:
            raise CommandError(f"No project '{project}'.")
        try:
            job = start_prelabel(target, labeller=labeller, enqueue=workers)
        except KeyError as error:
            raise CommandError(str(error)) from error
        with tqdm(total=job.total, unit="article", disable=options["verbosity"] < 1) as bar:
            if workers:
                self._follow(job, bar)
            else:
                for index in range(len(job.params["chunks"])):
                    run_chunk(job.pk, index)
                    job.refresh_from_db()
                    bar.update(job.done - bar.n)
        job.refresh_from_db()
        if job.state == Job.State.FAILED:
            raise CommandError(f"Pre-labelling failed: {job.errors}")
        self.stdout.write(self.style.SUCCESS(f"Pre-labelled {job.done} article(s)."))

    def _follow(self, job: Job, bar: tqdm) -> None:
        while job.state not in (Job.State.DONE, Job.State.FAILED):
            time.sleep(0.5)
            job.refresh_from_db()
            bar.update(job.done - bar.n)
