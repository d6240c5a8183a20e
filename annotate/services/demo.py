"""The demo project a newcomer meets after `make run`."""

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from annotate.models import Project

from .assignments import assign_articles
from .imports import import_bytes
from .projects import create_project, set_membership

DEMO_PAGE = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "demo"
    / "ukraine-entretiens-confidentiels.txt"
)
DEMO_USERS = [
    ("admin", None),
    ("annotator1", "annotator"),
    ("annotator2", "annotator"),
    ("reviewer", "reviewer"),
]


def _user(username: str, role: str | None, reset: bool) -> tuple[object, str | None]:
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is not None and not reset:
        return user, None
    password = secrets.token_urlsafe(9)
    if user is None:
        user = user_model(username=username, is_staff=role is None, is_superuser=role is None)
    user.set_password(password)
    user.save()
    return user, password


@transaction.atomic
def ensure_demo(*, reset_passwords: bool = False) -> dict[str, str]:
    """Create the demo users and project (once). Returns the passwords set this time."""
    passwords, users = {}, {}
    for username, role in DEMO_USERS:
        users[username], password = _user(username, role, reset_passwords)
        if password:
            passwords[username] = password
    project = Project.objects.filter(slug="demo").first()
    if project is None:
        project = create_project(name="Demo: news claims", slug="demo", created_by=users["admin"])
        for username, role in DEMO_USERS:
            if role:
                set_membership(project, users[username], role, actor=users["admin"])
        import_bytes(project, DEMO_PAGE.name, DEMO_PAGE.read_bytes(), user=users["admin"])
        assign_articles(project, actor=users["admin"])
    return passwords
