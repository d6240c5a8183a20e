"""Permission classes: the project role table (annotate/core/roles.py) applied to views."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ProjectRole(BasePermission):
    """The user's role in the view's project allows the view's action for this method.

    Views declare ``project_action`` (one action, or a dict method -> action). Resolving
    ``view.project`` raises NotFound for non-members, so a project's existence is never
    revealed, and NotAllowed for members whose role lacks the action.
    """

    def has_permission(self, request, view):
        """Resolve the project for the action; the selector raises when not allowed."""
        return view.project is not None


class StaffWrites(BasePermission):
    """Anyone authenticated may read; only staff (site administrators) may write."""

    message = "Only site administrators can do this."

    def has_permission(self, request, view):
        """Reads pass; writes need is_staff."""
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_staff)
