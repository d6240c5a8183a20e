"""Creating projects, their label schemas and their membership."""

from django.contrib.auth import get_user_model
from django.db import transaction

from annotate.core.labels import LabelSpec
from annotate.core.schemas import load_schema
from annotate.models import Label, LabelSchema, Membership, Project, Role

from . import audit
from .errors import InvalidRequest


def label_specs(schema: LabelSchema) -> list[LabelSpec]:
    """The schema's labels as plain core values."""
    return [
        LabelSpec(lab.name, lab.key, lab.exclusive, lab.colour, lab.description)
        for lab in schema.labels.all()
    ]


@transaction.atomic
def create_label_schema(name: str, labels: list[LabelSpec], *, actor=None, description=""):
    """Create a schema with its labels; keys and names must be unique."""
    if not labels:
        raise InvalidRequest("A label schema needs at least one label.")
    for attr in ("name", "key"):
        values = [getattr(label, attr) for label in labels]
        if len(values) != len(set(values)):
            raise InvalidRequest(f"Label {attr}s must be unique within a schema.")
    schema = LabelSchema.objects.create(name=name, description=description)
    Label.objects.bulk_create(
        Label(
            schema=schema,
            name=spec.name,
            key=spec.key,
            exclusive=spec.exclusive,
            colour=spec.colour,
            description=spec.description,
            order=index,
        )
        for index, spec in enumerate(labels)
    )
    audit.record(
        actor,
        None,
        "create",
        schema,
        None,
        {"name": name, "labels": [spec.name for spec in labels]},
    )
    return schema


def default_label_schema() -> LabelSchema:
    """The shipped schema (reported, attributed, speculative, denied), created on first use."""
    name, description, labels = load_schema("default")
    existing = LabelSchema.objects.filter(name=name).first()
    return existing or create_label_schema(name, labels, description=description)


@transaction.atomic
def create_project(
    *,
    name: str,
    slug: str,
    language: str = "fr",
    schema: LabelSchema | None = None,
    overlap: int = 2,
    show_suggestions: bool = True,
    prelabel_on_import: bool = True,
    created_by=None,
) -> Project:
    """Create a project; the creator becomes its lead."""
    if Project.objects.filter(slug=slug).exists():
        raise InvalidRequest(f"A project with slug '{slug}' exists already.")
    if overlap < 1:
        raise InvalidRequest("Overlap must be at least 1 annotator per article.")
    project = Project.objects.create(
        name=name,
        slug=slug,
        language=language,
        label_schema=schema or default_label_schema(),
        overlap=overlap,
        show_suggestions=show_suggestions,
        prelabel_on_import=prelabel_on_import,
        created_by=created_by,
    )
    if created_by is not None:
        set_membership(project, created_by, Role.LEAD, actor=created_by)
    return project


@transaction.atomic
def set_membership(project: Project, user, role: str, *, actor=None) -> Membership:
    """Give ``user`` a role in the project (creating or changing the membership)."""
    if role not in Role.values:
        raise InvalidRequest(f"Unknown role '{role}'; roles are {', '.join(Role.values)}.")
    membership = Membership.objects.filter(project=project, user=user).first()
    if membership and membership.role == Role.LEAD and role != Role.LEAD:
        _keep_a_lead(project, user)
    before = {"role": membership.role} if membership else None
    if membership is None:
        membership = Membership.objects.create(project=project, user=user, role=role)
    else:
        membership.role = role
        membership.save(update_fields=["role"])
    after = {"user": user.username, "role": role}
    audit.record(actor, project, "update" if before else "create", membership, before, after)
    return membership


@transaction.atomic
def remove_membership(project: Project, user, *, actor=None) -> None:
    """Take ``user`` out of the project; their annotations stay."""
    membership = Membership.objects.filter(project=project, user=user).first()
    if membership is None:
        return
    if membership.role == Role.LEAD:
        _keep_a_lead(project, user)
    audit.record(
        actor, project, "delete", membership, {"user": user.username, "role": membership.role}, None
    )
    membership.delete()


def _keep_a_lead(project: Project, leaving) -> None:
    others = Membership.objects.filter(project=project, role=Role.LEAD).exclude(user=leaving)
    if not others.exists():
        raise InvalidRequest("A project needs at least one lead; name another lead first.")


def get_or_create_user(username: str, *, active: bool = True):
    """Find a user by name, creating an inactive placeholder (for imported annotations)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"is_active": active}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
