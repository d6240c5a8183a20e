"""Agreement figures and the audit trail."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from annotate.models import AuditEvent
from annotate.selectors.agreement import project_agreement
from annotate.selectors.api import audit_events_of

from ..filters import AuditEventFilter
from ..serializers.review import AuditEventSerializer
from .base import ProjectView


class ProjectAgreementView(ProjectView):
    """Inter-annotator agreement of the whole project (roles with "view_figures")."""

    project_action = "view_figures"

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, slug):
        """Krippendorff's alpha, Fleiss' kappa, observed agreement, per label, per pair,
        annotators, the pre-labeller and agreement over time."""
        return Response(project_agreement(self.project))


class AuditListView(ProjectView, generics.ListAPIView):
    """Every change to the project's annotations, decisions and members, newest first."""

    project_action = "view_audit"
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    cursor_ordering = "-pk"

    def get_queryset(self):
        if self.schema_only():
            return AuditEvent.objects.none()
        return audit_events_of(self.project)
