"""Who may see and do what in a project."""

from django.db.models import QuerySet

from annotate.core.roles import allows
from annotate.models import Membership, Project
from annotate.services.errors import NotAllowed, NotFound


def role_of(user, project: Project) -> str | None:
    """The user's role in the project, "lead" for site admins, None for outsiders."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "lead"
    return (
        Membership.objects.filter(project=project, user=user).values_list("role", flat=True).first()
    )


def can(user, project: Project, action: str) -> bool:
    return allows(role_of(user, project), action)


def require(user, project: Project, action: str) -> str:
    """Return the user's role, or raise: NotFound for outsiders (a project's existence is
    not revealed), NotAllowed for members whose role does not permit the action."""
    role = role_of(user, project)
    if role is None:
        raise NotFound("No such project.")
    if not allows(role, action):
        raise NotAllowed(f"Your role ({role}) does not allow this ({action}).")
    return role


def visible_projects(user) -> QuerySet[Project]:
    """Projects the user belongs to (all of them for site admins)."""
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user).distinct()


def project_for(user, slug: str, action: str = "view_project") -> Project:
    """Fetch a project by slug for a user allowed ``action`` on it."""
    project = Project.objects.select_related("label_schema").filter(slug=slug).first()
    if project is None:
        raise NotFound("No such project.")
    require(user, project, action)
    return project
