"""Exports: stream the dataset through a format writer into files with a manifest.

Every export is a Job that writes ``<exports>/<job id>/`` (the data file or folder
and ``manifest.json``). Small ones run inside the request; large ones in a worker,
with progress. Memory stays flat: records come one chunk of articles at a time.
"""

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from annotate.core.export import (
    FORMATS,
    SCHEMA_VERSION,
    ExportOptions,
    apply_filters,
    assign_splits,
    build_manifest,
    label_counts,
    write_manifest,
)
from annotate.core.export.manifest import DigestingWriter, files_under
from annotate.core.export.records import pseudonymise
from annotate.models import Job, Prediction, Project
from annotate.selectors.export_records import ExportFilters, count_spans, iter_article_records

from .errors import InvalidRequest
from .projects import label_specs

PROGRESS_EVERY = 50


def exports_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidRequest(f"Unknown format '{fmt}'; formats are {', '.join(FORMATS)}.")


def labeller_versions(project: Project) -> list[str]:
    """Every labeller version whose predictions the project holds."""
    rows = (
        Prediction.objects.filter(span__article__project=project)
        .values_list("labeller", "labeller_version")
        .distinct()
    )
    return sorted(f"{name}@{version}" for name, version in rows)


def _records(project: Project, filters: ExportFilters) -> Iterator[dict]:
    shown = replace(filters, annotator=_shown_annotator(filters))
    return apply_filters(iter_article_records(project, filters), shown)


def _shown_annotator(filters: ExportFilters) -> str | None:
    """The annotator filter as records show that annotator: pseudonymised records
    carry pseudonyms, so the span-level filter must look for one too."""
    if filters.pseudonymise and filters.annotator:
        return pseudonymise(filters.annotator, filters.salt)
    return filters.annotator


def _options(project: Project, fmt: str, filters: ExportFilters, seed: int) -> ExportOptions:
    labels = tuple(label_specs(project.label_schema))
    if fmt != "hf":
        return ExportOptions(labels=labels, annotator=_shown_annotator(filters))
    # Splits need each article's label counts first: one light pass over the records.
    splits = assign_splits(
        ((article["article_id"], label_counts(article)) for article in _records(project, filters)),
        seed=seed,
    )
    card = {
        "name": project.name,
        "guideline": project.guideline,
        "guideline_version": project.guideline_version,
        "labeller_versions": labeller_versions(project),
        "seed": seed,
    }
    return ExportOptions(labels=labels, split_of=splits.get, card_info=card)


def start_export(project: Project, fmt: str, filters: ExportFilters, *, user=None, seed=13) -> Job:
    """Create an export job; small exports run now, large ones are queued for a worker."""
    check_format(fmt)
    total = count_spans(project, filters)
    params = {"format": fmt, "filters": _filters_params(filters), "seed": seed}
    job = Job.objects.create(
        project=project, kind=Job.Kind.EXPORT, params=params, total=total, created_by=user
    )
    if total <= settings.ANNOTATE_EXPORT_INLINE_MAX_SPANS:
        run_export_job(job.pk)
    else:
        from annotate.tasks import export_task

        transaction.on_commit(lambda: export_task.delay(job.pk))
    job.refresh_from_db()
    return job


def _filters_params(filters: ExportFilters) -> dict:
    values = asdict(filters)
    for key in ("published_from", "published_to"):
        values[key] = values[key].isoformat() if values[key] else None
    values["labels"] = list(values["labels"])
    return values


def _filters_from(params: dict) -> ExportFilters:
    values = dict(params)
    for key in ("published_from", "published_to"):
        values[key] = date.fromisoformat(values[key]) if values.get(key) else None
    values["labels"] = tuple(values.get("labels") or ())
    return ExportFilters(**values)


def run_export_job(job_id: int) -> None:
    """Write the job's export into its folder (again from scratch if it was interrupted)."""
    job = Job.objects.select_related("project").get(pk=job_id)
    if job.state == Job.State.DONE:
        return
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    folder = exports_root() / str(job.pk)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    filters = _filters_from(job.params["filters"])
    target = write_export(
        job.project,
        job.params["format"],
        filters,
        folder,
        seed=job.params["seed"],
        progress=lambda spans: Job.objects.filter(pk=job_id).update(done=spans),
    )
    Job.objects.filter(pk=job_id).update(
        state=Job.State.DONE, result_path=str(target), finished_at=timezone.now()
    )


def record_failure(job_id: int, error: Exception) -> None:
    Job.objects.filter(pk=job_id).update(
        state=Job.State.FAILED,
        errors=[f"{type(error).__name__}: {error}"],
        finished_at=timezone.now(),
    )


def write_export(
    project: Project,
    fmt: str,
    filters: ExportFilters,
    folder: Path,
    *,
    seed: int = 13,
    progress=None,
    name: str | None = None,
) -> Path:
    """Write format ``fmt`` into ``folder``; return the data file or folder. The manifest is
    ``manifest.json`` beside a data file, or inside a data folder."""
    check_format(fmt)
    spec = FORMATS[fmt]
    options = _options(project, fmt, filters, seed)
    records = _counting(_records(project, filters), progress)
    default = f"{project.slug}{spec.extension}" if spec.layout == "file" else project.slug
    target = folder / (name or default)
    digests = {}
    if spec.layout == "file":
        with target.open("wb") as raw:
            out = DigestingWriter(raw)
            counts = spec.write(out, records, options)
        files, digests = [target], {target: out.hexdigest()}
    else:
        target.mkdir(parents=True, exist_ok=True)
        counts = spec.write(target, records, options)
        files = files_under(target)
    # A folder export carries its manifest inside, with paths relative to it.
    root = target if spec.layout == "folder" else folder
    manifest = build_manifest(
        files,
        counts,
        replace(filters, salt=""),
        SCHEMA_VERSION,
        project.guideline_version,
        labeller_versions(project),
        timezone.now(),
        root=root,
        digests=digests,
    )
    manifest["format"] = fmt
    write_manifest(root / "manifest.json", manifest)
    return target


def _counting(articles: Iterable[dict], progress) -> Iterator[dict]:
    spans = 0
    for index, article in enumerate(articles, start=1):
        spans += len(article["spans"])
        if progress and index % PROGRESS_EVERY == 0:
            progress(spans)
        yield article
    if progress:
        progress(spans)


def download_path(job: Job) -> Path:
    """The file to send for a finished export: the data file, or a zip of a folder export."""
    folder = exports_root() / str(job.pk)
    target = Path(job.result_path)
    if target.is_file():
        return target
    archive = folder.with_suffix(".zip")
    if not archive.exists():
        shutil.make_archive(str(folder), "zip", root_dir=target)
    return archive
