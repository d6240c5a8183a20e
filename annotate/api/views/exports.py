"""Dataset exports: start one, follow it, download its file and manifest (leads, reviewers)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from annotate.core.export import FORMATS
from annotate.models import Job
from annotate.selectors.exports import (
    ZIP_TYPE,
    download_name,
    download_type,
    export_for,
    exports_of,
    finished_export,
    manifest_path,
)
from annotate.services.exports import download_path, start_export

from ..serializers.exports import ExportJobSerializer, ExportRequestSerializer
from .base import ProjectView

# Every media type a download may have, so the schema (and schemathesis) know them all.
DOWNLOAD_TYPES = sorted({spec.content_type.split(";")[0] for spec in FORMATS.values()} | {ZIP_TYPE})
NOT_DONE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The export is not done yet: the error body, with the job's state, "
    "done and total in error.detail.current.",
)


class ExportListView(ProjectView, generics.ListAPIView):
    """The project's export jobs, newest first; start a new export."""

    project_action = "export"
    serializer_class = ExportJobSerializer
    cursor_ordering = "-pk"

    def get_queryset(self):
        if self.schema_only():
            return Job.objects.none()
        return exports_of(self.project)

    @extend_schema(
        request=ExportRequestSerializer,
        responses={201: ExportJobSerializer, 202: ExportJobSerializer},
    )
    def post(self, request, *args, **kwargs):
        """Start an export. Small exports are written at once and answer 201 with a done
        job and its download URL; larger ones are queued for a worker and answer 202:
        follow the job until its state is done."""
        form = ExportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        fmt, filters, seed = form.start_args()
        job = start_export(self.project, fmt, filters, user=request.user, seed=seed)
        finished = job.state in (Job.State.DONE, Job.State.FAILED)
        return Response(
            self.get_serializer(job).data,
            status=status.HTTP_201_CREATED if finished else status.HTTP_202_ACCEPTED,
        )


class ExportDetailView(ProjectView):
    """One export job: state, spans written out of the total, errors, download links."""

    project_action = "export"
    serializer_class = ExportJobSerializer

    def get(self, request, slug, job_id):
        """The export's progress."""
        return Response(self.get_serializer(export_for(self.project, job_id)).data)


class ExportDownloadView(ProjectView):
    """The export's data: the file itself, or a zip of a folder export (with its manifest)."""

    project_action = "export"

    @extend_schema(
        responses={
            **{(200, media): OpenApiTypes.BINARY for media in DOWNLOAD_TYPES},
            409: NOT_DONE,
        }
    )
    def get(self, request, slug, job_id):
        """Stream the export as an attachment; 409 while the job is not done."""
        job = finished_export(self.project, job_id)
        path = download_path(job)
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=download_name(job, path),
            content_type=download_type(job),
        )


class ExportManifestView(ProjectView):
    """The export's manifest.json: files with checksums, counts, filters and versions."""

    project_action = "export"

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 409: NOT_DONE})
    def get(self, request, slug, job_id):
        """The manifest as JSON; 409 while the job is not done."""
        job = finished_export(self.project, job_id)
        return FileResponse(manifest_path(job).open("rb"), content_type="application/json")
