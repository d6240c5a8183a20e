"""Record who changed what: the audit trail."""

from annotate.models import AuditEvent


def record(actor, project, action: str, obj, before: dict | None, after: dict | None) -> None:
    """Append one audit event for ``obj`` (any model instance)."""
    AuditEvent.objects.create(
        project=project,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        before=before,
        after=after,
    )


def record_many(actor, project, action: str, objects, afters: list[dict]) -> None:
    """Append one creation-style event per object, in one query (for bulk writes)."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            project=project,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            object_type=type(obj).__name__.lower(),
            object_id=str(obj.pk),
            before=None,
            after=after,
        )
        for obj, after in zip(objects, afters, strict=True)
    )
