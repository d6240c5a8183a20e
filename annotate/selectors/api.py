"""Querysets scoped to what a user may see; the API (and any page) reads through these.

Rules beyond the role table (annotate/core/roles.py):
- annotators see only the articles assigned to them, and only their own annotations;
- annotators see predictions only when the project shows suggestions, and only on
  their assigned articles;
- anything outside a visible project is NotFound, never NotAllowed.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from annotate.models import (
    Adjudication,
    Annotation,
    ApiToken,
    Article,
    Assignment,
    AuditEvent,
    ImportBatch,
    LabelSchema,
    Membership,
    Prediction,
    Project,
    Role,
    Span,
)
from annotate.services.errors import NotAllowed, NotFound

from .access import can, role_of, visible_projects


def projects_with_role(user) -> QuerySet[Project]:
    """The user's projects, each annotated with ``my_role`` (site admins: "lead")."""
    mine = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    role = Coalesce(Subquery(mine), Value("lead")) if user.is_superuser else Subquery(mine)
    return visible_projects(user).select_related("label_schema").annotate(my_role=role)


def active_user(username: str):
    """The active user with this username, or NotFound."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"No active user named '{username}'.")
    return user


def memberships_of(project: Project) -> QuerySet[Membership]:
    """The project's members with their roles."""
    return Membership.objects.filter(project=project).select_related("user")


def label_schemas_for(user) -> QuerySet[LabelSchema]:
    """Schemas of the user's projects (every schema for staff, who create them)."""
    schemas = LabelSchema.objects.prefetch_related("labels")
    if user.is_staff or user.is_superuser:
        return schemas.all()
    return schemas.filter(projects__in=visible_projects(user)).distinct()


def articles_for(user, project: Project) -> QuerySet[Article]:
    """The project's articles the user may read: annotators only their assigned ones."""
    articles = Article.objects.filter(project=project)
    if role_of(user, project) == Role.ANNOTATOR:
        assigned = Assignment.objects.filter(article=OuterRef("pk"), annotator=user)
        articles = articles.filter(Exists(assigned))
    return articles


def article_list_for(user, project: Project) -> QuerySet[Article]:
    """``articles_for`` with each article's number of spans, for listing."""
    spans = Span.objects.filter(article=OuterRef("pk")).order_by().values("article")
    counted = spans.annotate(n=Count("pk")).values("n")
    return articles_for(user, project).annotate(
        n_spans=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def article_for(user, project: Project, article_id: int) -> Article:
    """One readable article of the project (with its span count), or NotFound."""
    article = article_list_for(user, project).filter(pk=article_id).first()
    if article is None:
        raise NotFound("No such article.")
    return article


def spans_of(article: Article) -> QuerySet[Span]:
    """The article's spans in reading order."""
    return Span.objects.filter(article=article)


def span_for(user, project: Project, span_id: int) -> Span:
    """One span of a readable article of the project, or NotFound."""
    span = (
        Span.objects.select_related("article__project__label_schema")
        .filter(pk=span_id, article__in=articles_for(user, project).values("pk"))
        .first()
    )
    if span is None:
        raise NotFound("No such span.")
    return span


def annotations_for(user, project: Project) -> QuerySet[Annotation]:
    """Reviewers and leads: every annotation of the project; annotators: their own."""
    annotations = Annotation.objects.filter(span__article__project=project).select_related(
        "span", "annotator"
    )
    if can(user, project, "view_all_annotations"):
        return annotations
    if can(user, project, "annotate"):
        return annotations.filter(annotator=user)
    raise NotAllowed("Your role does not show annotations.")


def own_annotation(user, span: Span) -> Annotation | None:
    """The user's annotation of the span, if any."""
    return Annotation.objects.filter(span=span, annotator=user).select_related("annotator").first()


def predictions_for(user, project: Project) -> QuerySet[Prediction]:
    """Predictions the user may see (annotators: none in blind mode)."""
    predictions = Prediction.objects.filter(span__article__project=project).select_related("span")
    if can(user, project, "view_all_annotations"):
        return predictions
    if not can(user, project, "annotate"):
        raise NotAllowed("Your role does not show suggestions.")
    if not project.show_suggestions:
        raise NotAllowed("This project hides suggestions from annotators (blind mode).")
    return predictions.filter(span__article__in=articles_for(user, project).values("pk"))


def batches_of(project: Project) -> QuerySet[ImportBatch]:
    """The project's import batches."""
    return ImportBatch.objects.filter(project=project).select_related("created_by")


def batch_for(project: Project, batch_id: int) -> ImportBatch:
    """One import batch of the project, or NotFound."""
    batch = batches_of(project).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound("No such import batch.")
    return batch


# An assignment shows its article's title; the texts would only weigh down the join.
ARTICLE_BULK = ("original_text", "cleaned_text", "metadata", "agreement")


def assignments_of(project: Project) -> QuerySet[Assignment]:
    """Every assignment of the project."""
    return (
        Assignment.objects.filter(article__project=project)
        .select_related("annotator", "article")
        .defer(*(f"article__{name}" for name in ARTICLE_BULK))
    )


def assignment_for(project: Project, assignment_id: int) -> Assignment:
    """One assignment of the project, or NotFound."""
    assignment = assignments_of(project).filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound("No such assignment.")
    return assignment


def queue_for(user, project: Project) -> QuerySet[Assignment]:
    """The user's own assignments in the project, with how many spans are done."""
    done = (
        Annotation.objects.filter(span__article=OuterRef("article"), annotator=user)
        .filter(Q(skip=True) | ~Q(labels=[]))
        .order_by()
        .values("annotator")
        .annotate(n=Count("pk"))
        .values("n")
    )
    spans = (
        Span.objects.filter(article=OuterRef("article"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        assignments_of(project)
        .filter(annotator=user)
        .annotate(
            n_spans=Coalesce(Subquery(spans, output_field=IntegerField()), 0),
            n_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
        )
    )


def articles_ready_for_review(project: Project) -> QuerySet[Article]:
    """Articles not yet adjudicated whose assignments are all submitted (at least one)."""
    open_work = Assignment.objects.filter(article=OuterRef("pk")).exclude(
        state=Assignment.State.SUBMITTED
    )
    return (
        Article.objects.filter(project=project, adjudicated_at__isnull=True)
        .annotate(
            n_spans=Count("spans", distinct=True),
            n_submitted=Count("assignments", distinct=True),
        )
        .filter(n_submitted__gt=0)
        .exclude(Exists(open_work))
    )


def adjudications_of(article: Article) -> QuerySet[Adjudication]:
    """The gold decisions made so far on the article's spans."""
    return Adjudication.objects.filter(span__article=article).select_related("reviewer")


def audit_events_of(project: Project) -> QuerySet[AuditEvent]:
    """The project's audit trail."""
    return AuditEvent.objects.filter(project=project).select_related("actor")


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first."""
    return ApiToken.objects.filter(user=user)
