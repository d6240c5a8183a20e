"""Who annotates which article: balanced assignment, hand changes, submit and return."""

from collections import Counter

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from annotate.models import Annotation, Article, Assignment, Membership, Project, Role
from annotate.selectors.access import require

from . import audit
from .errors import InvalidRequest, NotAllowed


def _state(assignment: Assignment) -> dict:
    return {
        "article": assignment.article_id,
        "annotator": assignment.annotator.username,
        "state": assignment.state,
    }


def project_annotators(project: Project) -> list:
    """The project's annotators, in a stable order."""
    memberships = Membership.objects.filter(project=project, role=Role.ANNOTATOR)
    return [m.user for m in memberships.select_related("user").order_by("user__username")]


@transaction.atomic
def assign_articles(project: Project, *, articles=None, actor=None) -> int:
    """Give each article as many distinct annotators as the project's overlap, always to
    the least-loaded annotators first. Returns how many assignments were made."""
    annotators = project_annotators(project)
    if not annotators:
        raise InvalidRequest("The project has no annotators to assign to.")
    load = Counter(
        dict(
            Assignment.objects.filter(article__project=project)
            .values_list("annotator_id")
            .annotate(n=Count("id"))
        )
    )
    queryset = articles if articles is not None else project.articles.all()
    holders: dict[int, set[int]] = {}
    for article_id, annotator_id in Assignment.objects.filter(article__in=queryset).values_list(
        "article_id", "annotator_id"
    ):
        holders.setdefault(article_id, set()).add(annotator_id)
    created = []
    for article in queryset.order_by("pk").only("pk"):
        have = holders.get(article.pk, set())
        missing = project.overlap - len(have)
        candidates = sorted(
            (a for a in annotators if a.pk not in have), key=lambda a: (load[a.pk], a.username)
        )
        for annotator in candidates[: max(missing, 0)]:
            created.append(Assignment(article=article, annotator=annotator, assigned_by=actor))
            load[annotator.pk] += 1
    Assignment.objects.bulk_create(created)
    audit.record_many(actor, project, "create", created, [_state(a) for a in created])
    return len(created)


@transaction.atomic
def assign(article: Article, annotator, *, actor=None) -> Assignment:
    """Assign one article to one annotator by hand."""
    if not Membership.objects.filter(
        project=article.project, user=annotator, role=Role.ANNOTATOR
    ).exists():
        raise InvalidRequest(f"{annotator.username} is not an annotator of this project.")
    assignment, created = Assignment.objects.get_or_create(
        article=article, annotator=annotator, defaults={"assigned_by": actor}
    )
    if created:
        audit.record(actor, article.project, "create", assignment, None, _state(assignment))
    return assignment


@transaction.atomic
def reassign(assignment: Assignment, annotator, *, actor=None) -> Assignment:
    """Move an unsubmitted assignment to another annotator; work already done stays stored."""
    if assignment.state == Assignment.State.SUBMITTED:
        raise InvalidRequest("A submitted assignment cannot be moved; return it first.")
    project = assignment.article.project
    new = assign(assignment.article, annotator, actor=actor)
    audit.record(actor, project, "delete", assignment, _state(assignment), None)
    assignment.delete()
    return new


def missing_spans(assignment: Assignment) -> int:
    """How many spans of the assignment's article have neither a label nor a skip."""
    done = Annotation.objects.filter(
        span__article_id=assignment.article_id, annotator_id=assignment.annotator_id
    ).filter(Q(skip=True) | ~Q(labels=[]))
    return assignment.article.spans.count() - done.count()


@transaction.atomic
def submit(user, article: Article) -> Assignment:
    """Mark the user's assignment done once every span has a label or a skip."""
    assignment = (
        Assignment.objects.select_for_update().filter(article=article, annotator=user).first()
    )
    if assignment is None:
        raise NotAllowed("This article is not assigned to you.")
    missing = missing_spans(assignment)
    if missing:
        raise InvalidRequest(f"{missing} span(s) still need a label or a skip.")
    before = _state(assignment)
    assignment.state = Assignment.State.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["state", "submitted_at"])
    audit.record(user, article.project, "update", assignment, before, _state(assignment))
    return assignment


@transaction.atomic
def send_back(assignment: Assignment, comment: str, *, actor=None) -> Assignment:
    """A reviewer returns a submitted article to its annotator with a comment."""
    require(actor, assignment.article.project, "review")
    if assignment.state != Assignment.State.SUBMITTED:
        raise InvalidRequest("Only a submitted article can be sent back.")
    if not comment.strip():
        raise InvalidRequest("Say what the annotator should look at again.")
    before = _state(assignment)
    assignment.state = Assignment.State.RETURNED
    assignment.review_comment = comment.strip()
    assignment.save(update_fields=["state", "review_comment"])
    audit.record(
        actor, assignment.article.project, "update", assignment, before, _state(assignment)
    )
    return assignment
