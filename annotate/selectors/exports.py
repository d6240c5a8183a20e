"""Reads about a project's export jobs and the files they wrote, for the API and the pages.

Writing an export (and zipping a folder export for download) is the service's work
(annotate.services.exports); this module only finds jobs and names their files.
"""

from pathlib import Path

from django.db.models import QuerySet

from annotate.core.export import FORMATS
from annotate.models import Job, Project
from annotate.services.errors import Conflict, NotFound

RECENT = 20
MANIFEST = "manifest.json"
ZIP_TYPE = "application/zip"


def exports_of(project: Project) -> QuerySet[Job]:
    """The project's export jobs (never its pre-label jobs)."""
    return Job.objects.filter(project=project, kind=Job.Kind.EXPORT).select_related(
        "project", "created_by"
    )


def recent_exports(project: Project, limit: int = RECENT) -> QuerySet[Job]:
    """The project's latest export jobs, newest first."""
    return exports_of(project).order_by("-created_at", "-pk")[:limit]


def export_for(project: Project, job_id: int) -> Job:
    """One export job of the project, or NotFound (also for another project's job, or a
    job of another kind, so ids reveal nothing)."""
    job = exports_of(project).filter(pk=job_id).first()
    if job is None:
        raise NotFound("No such export.")
    return job


def finished_export(project: Project, job_id: int) -> Job:
    """An export job whose files can be served: Conflict while it is not done (with the
    stored progress in ``detail.current``), NotFound when its files are gone."""
    job = export_for(project, job_id)
    if job.state != Job.State.DONE:
        raise Conflict(
            f"Export {job.pk} is {job.state}; its files can be downloaded once it is done.",
            detail={"current": {"state": job.state, "done": job.done, "total": job.total}},
        )
    if not job.result_path or not Path(job.result_path).exists():
        raise NotFound(f"The files of export {job.pk} are no longer stored.")
    return job


def export_format(job: Job) -> str:
    """The format name the job was started with."""
    return (job.params or {}).get("format", "")


def public_filters(job: Job) -> dict:
    """The filters the job was started with, without the pseudonymisation salt (a secret)."""
    filters = dict((job.params or {}).get("filters") or {})
    filters.pop("salt", None)
    return filters


def manifest_path(job: Job) -> Path:
    """Where the finished job's manifest is: inside a folder export, beside a data file."""
    target = Path(job.result_path)
    return target / MANIFEST if target.is_dir() else target.parent / MANIFEST


def download_type(job: Job) -> str:
    """The content type of the file served for the job (a zip for folder exports)."""
    spec = FORMATS.get(export_format(job))
    if spec is None:
        return "application/octet-stream"
    return ZIP_TYPE if spec.layout == "folder" else spec.content_type


def download_name(job: Job, path: Path) -> str:
    """The attachment's file name, e.g. ``demo-export-12.jsonl`` or ``demo-export-13.zip``."""
    return f"{job.project.slug}-export-{job.pk}{path.suffix}"
