"""Uploading article files for import, and following the import's progress."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from annotate.models import ImportBatch
from annotate.selectors.api import batch_for, batches_of

from ..errors import PayloadTooLarge
from ..serializers.articles import ImportBatchSerializer, ImportUploadSerializer
from ..uploads import read_head, upload_problem
from .base import ProjectView

# Room for the multipart boundaries and the form fields around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


def _too_large_message() -> str:
    megabytes = settings.ANNOTATE_MAX_UPLOAD_BYTES / (1024 * 1024)
    return f"Uploads are limited to {megabytes:g} MB."


class ImportListView(ProjectView, generics.ListAPIView):
    """The project's import batches, newest first; upload a file to import (leads)."""

    project_action = "import"
    serializer_class = ImportBatchSerializer
    cursor_ordering = "-pk"
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        if self.schema_only():
            return ImportBatch.objects.none()
        return batches_of(self.project)

    @extend_schema(request=ImportUploadSerializer, responses={202: ImportBatchSerializer})
    def post(self, request, *args, **kwargs):
        """Store the file in a queued batch and import it in the background."""
        self._refuse_oversized_body(request)
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        self._check_file(upload)
        # The import pipeline loads the NLP models; only import it when a file arrives.
        from annotate.services import imports

        batch = imports.create_batch(
            self.project,
            upload.name,
            upload.read(),
            user=request.user,
            skip_invalid=form.validated_data["skip_invalid"],
            language=form.validated_data["language"],
            prelabel=form.validated_data["prelabel"],
        )
        imports.enqueue_batch(batch)
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @staticmethod
    def _refuse_oversized_body(request) -> None:
        # Refuse before the body is parsed, so an oversized upload is never spooled to disk.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.ANNOTATE_MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD:
            raise PayloadTooLarge(_too_large_message())

    @staticmethod
    def _check_file(upload) -> None:
        if upload.size > settings.ANNOTATE_MAX_UPLOAD_BYTES:
            raise PayloadTooLarge(_too_large_message())
        problem = upload_problem(upload.name, read_head(upload))
        if problem:
            raise serializers.ValidationError({"file": [problem]})


class ImportDetailView(ProjectView):
    """One import batch: its state, counts and the problems it found."""

    project_action = "import"
    serializer_class = ImportBatchSerializer

    def get(self, request, slug, batch_id):
        """The batch's progress."""
        return Response(self.get_serializer(batch_for(self.project, batch_id)).data)
