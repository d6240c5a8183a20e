"""What every project-scoped API view shares: its project, resolved once per request."""

from functools import cached_property

from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from annotate.selectors.access import project_for

from ..permissions import ProjectRole


def schema_only(view) -> bool:
    """True while drf-spectacular inspects a view without a real request."""
    return getattr(view, "swagger_fake_view", False)


class ProjectView(generics.GenericAPIView):
    """A view under /api/projects/<slug>/.

    ``project_action`` names the role-table action the request needs: one action for
    every method, or a dict from HTTP method to action ("*" for the rest).
    """

    permission_classes = [IsAuthenticated, ProjectRole]
    project_action: str | dict[str, str] = "view_project"

    def required_action(self) -> str:
        """The action this request's method needs."""
        if isinstance(self.project_action, str):
            return self.project_action
        fallback = self.project_action.get("*", "view_project")
        return self.project_action.get(self.request.method, fallback)

    @cached_property
    def project(self):
        """The URL's project, if the user may perform the action (else the selector raises)."""
        return project_for(self.request.user, self.kwargs["slug"], self.required_action())

    def schema_only(self) -> bool:
        """True while drf-spectacular inspects the view without a real request."""
        return schema_only(self)
