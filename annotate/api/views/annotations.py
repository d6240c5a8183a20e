"""Annotations and predictions. Annotators read and write only their own annotations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from annotate.models import Annotation, Prediction
from annotate.selectors.api import annotations_for, own_annotation, predictions_for, span_for
from annotate.services.annotations import clear_annotation, save_annotation
from annotate.services.errors import NotFound

from ..filters import AnnotationFilter, PredictionFilter
from ..serializers.annotations import (
    AnnotationDeleteSerializer,
    AnnotationSerializer,
    AnnotationWriteSerializer,
    PredictionSerializer,
)
from .base import ProjectView


class AnnotationListView(ProjectView, generics.ListAPIView):
    """Reviewers and leads: every annotation of the project; annotators: their own."""

    serializer_class = AnnotationSerializer
    filterset_class = AnnotationFilter

    def get_queryset(self):
        if self.schema_only():
            return Annotation.objects.none()
        return annotations_for(self.request.user, self.project)


class SpanAnnotationView(ProjectView):
    """Your own annotation of one span: read, save (with the version you read), remove."""

    project_action = "annotate"
    serializer_class = AnnotationSerializer

    def get(self, request, slug, span_id):
        """Your annotation of the span (404 when you have none)."""
        annotation = own_annotation(request.user, self._span())
        if annotation is None:
            raise NotFound("You have not annotated this span.")
        return Response(AnnotationSerializer(annotation).data)

    @extend_schema(request=AnnotationWriteSerializer, responses={200: AnnotationSerializer})
    def put(self, request, slug, span_id):
        """Create or change your annotation. A stale ``version`` answers 409 with the
        stored value in ``error.detail.current``."""
        form = AnnotationWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        annotation = save_annotation(
            request.user, self._span(), expected_version=data.pop("version"), **data
        )
        return Response(AnnotationSerializer(annotation).data)

    @extend_schema(
        parameters=[OpenApiParameter("version", OpenApiTypes.INT, required=True)],
        responses={204: None},
    )
    def delete(self, request, slug, span_id):
        """Remove your annotation (undo to nothing), if ``version`` is still current."""
        form = AnnotationDeleteSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        clear_annotation(
            request.user, self._span(), expected_version=form.validated_data["version"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _span(self):
        return span_for(self.request.user, self.project, self.kwargs["span_id"])


class PredictionListView(ProjectView, generics.ListAPIView):
    """Labellers' suggestions; annotators see them only when the project shows them."""

    serializer_class = PredictionSerializer
    filterset_class = PredictionFilter

    def get_queryset(self):
        if self.schema_only():
            return Prediction.objects.none()
        return predictions_for(self.request.user, self.project)
