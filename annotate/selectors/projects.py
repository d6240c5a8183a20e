"""Reads for the project lead's pages: headline progress, the project overview,
import batches, pre-label jobs, the assignment matrix, members and the audit log.

Progress is counted in the database, grouped per project or per annotator, so each
page costs a fixed number of queries whatever the number of projects or articles.
"""

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from annotate.models import (
    Adjudication,
    Annotation,
    Article,
    Assignment,
    AuditEvent,
    ImportBatch,
    Job,
    Membership,
    Project,
    Role,
    Span,
)
from annotate.selectors.access import visible_projects
from annotate.services.errors import NotFound

# A span annotation counts once it holds a label or an explicit skip.
DONE = Q(skip=True) | ~Q(labels=[])
RECENT = 10


def _percent(part: int, whole: int) -> int:
    """Whole percent, rounded down so that 100 means really complete."""
    if whole <= 0:
        return 0
    return min(100, 100 * part // whole)


def _count(queryset: QuerySet, group: str):
    """A correlated COUNT subquery (0 when no rows) for annotating an outer queryset."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _assigned_done_annotations() -> QuerySet:
    """Finished annotations made by an annotator the article is assigned to; a lead
    trying the tool on an article does not advance the project."""
    holder = Assignment.objects.filter(
        article_id=OuterRef("span__article_id"), annotator_id=OuterRef("annotator_id")
    )
    return Annotation.objects.filter(DONE).filter(Exists(holder))


def _with_progress(projects: QuerySet) -> QuerySet:
    """Annotate projects with article, span, finished-annotation and gold counts."""
    here = OuterRef("pk")
    return projects.annotate(
        n_articles=_count(Article.objects.filter(project=here), "project"),
        n_spans=_count(Span.objects.filter(article__project=here), "article__project"),
        n_done=_count(
            _assigned_done_annotations().filter(span__article__project=here),
            "span__article__project",
        ),
        n_gold=_count(
            Adjudication.objects.filter(span__article__project=here), "span__article__project"
        ),
    )


# ---------------------------------------------------------------- project list


@dataclass(frozen=True)
class ProjectRow:
    """One project on the project list, with the user's role and headline progress."""

    project: Project
    role: str
    n_articles: int
    n_spans: int
    percent_annotated: int  # finished span annotations out of spans x overlap
    percent_adjudicated: int  # spans with a gold decision out of all spans

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def project_rows(user) -> list[ProjectRow]:
    """The user's projects by name, in one query however many projects there are."""
    my_role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    projects = _with_progress(visible_projects(user)).annotate(my_role=Subquery(my_role))
    return [
        ProjectRow(
            project=project,
            # Site admins act as leads everywhere, as in access.role_of.
            role=Role.LEAD if user.is_superuser else project.my_role,
            n_articles=project.n_articles,
            n_spans=project.n_spans,
            percent_annotated=_percent(project.n_done, project.n_spans * project.overlap),
            percent_adjudicated=_percent(project.n_gold, project.n_spans),
        )
        for project in projects.order_by("name", "pk")
    ]


# ---------------------------------------------------------------- overview


@dataclass(frozen=True)
class AnnotatorProgress:
    """One annotator's assigned work in a project."""

    username: str
    n_articles: int
    by_state: dict[str, int]
    spans_assigned: int
    spans_done: int

    @property
    def percent(self) -> int:
        return _percent(self.spans_done, self.spans_assigned)


@dataclass(frozen=True)
class Overview:
    """Where a project stands: articles, assignments, annotation and adjudication."""

    n_articles: int
    n_spans: int
    n_short: int  # articles with fewer annotators than the project's overlap
    assignments_by_state: list[tuple[str, str, int]]  # (state, label, count)
    annotations_done: int
    annotations_needed: int
    n_adjudicated: int
    annotators: list[AnnotatorProgress]

    @property
    def n_assignments(self) -> int:
        return sum(count for _state, _label, count in self.assignments_by_state)

    @property
    def percent_annotated(self) -> int:
        return _percent(self.annotations_done, self.annotations_needed)

    @property
    def percent_adjudicated(self) -> int:
        return _percent(self.n_adjudicated, self.n_spans)


def project_overview(project: Project) -> Overview:
    """The project's progress figures, in six queries."""
    counts = _with_progress(Project.objects.filter(pk=project.pk)).get()
    short = (
        Article.objects.filter(project=project)
        .annotate(n=Count("assignments"))
        .filter(n__lt=project.overlap)
        .count()
    )
    by_state = dict(
        Assignment.objects.filter(article__project=project)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    return Overview(
        n_articles=counts.n_articles,
        n_spans=counts.n_spans,
        n_short=short,
        assignments_by_state=[
            (state, label, by_state.get(state, 0)) for state, label in Assignment.State.choices
        ],
        annotations_done=counts.n_done,
        annotations_needed=counts.n_spans * project.overlap,
        n_adjudicated=counts.n_gold,
        annotators=annotator_progress(project),
    )


def annotator_progress(project: Project) -> list[AnnotatorProgress]:
    """Per annotator (every current annotator, and anyone else holding assignments):
    articles by assignment state and finished spans out of the assigned articles' spans."""
    articles: dict[str, dict[str, int]] = defaultdict(dict)
    spans: dict[str, int] = defaultdict(int)
    rows = (
        Assignment.objects.filter(article__project=project)
        .order_by()
        .values_list("annotator__username", "state")
        .annotate(n=Count("pk", distinct=True), n_spans=Count("article__spans"))
    )
    for username, state, n, n_spans in rows:
        articles[username][state] = n
        spans[username] += n_spans
    done = dict(
        _assigned_done_annotations()
        .filter(span__article__project=project)
        .order_by()
        .values_list("annotator__username")
        .annotate(n=Count("pk"))
    )
    names = set(articles) | set(annotators(project).values_list("username", flat=True))
    return [
        AnnotatorProgress(
            username=name,
            n_articles=sum(articles[name].values()),
            by_state={state: articles[name].get(state, 0) for state in Assignment.State.values},
            spans_assigned=spans[name],
            spans_done=done.get(name, 0),
        )
        for name in sorted(names)
    ]


# ---------------------------------------------------------------- imports and jobs


def recent_batches(project: Project, limit: int = RECENT) -> QuerySet:
    """The project's latest import batches, newest first."""
    return (
        ImportBatch.objects.filter(project=project)
        .select_related("created_by")
        .defer("duplicates")
        .order_by("-created_at", "-pk")[:limit]
    )


def batch_for(project: Project, batch_id: int) -> ImportBatch:
    """One import batch of the project, or NotFound."""
    batch = ImportBatch.objects.filter(project=project, pk=batch_id).first()
    if batch is None:
        raise NotFound("No such import batch.")
    return batch


def batch_status(batch: ImportBatch) -> dict:
    """The batch's progress as JSON-ready data, polled by the batch page."""
    return {
        "id": batch.pk,
        "file_name": batch.file_name,
        "state": batch.state,
        "finished": batch.state in (ImportBatch.State.DONE, ImportBatch.State.FAILED),
        "n_documents": batch.n_documents,
        "n_processed": batch.n_processed,
        "n_imported": batch.n_imported,
        "n_duplicates": batch.n_duplicates,
        "n_invalid": batch.n_invalid,
        "errors": [_error(problem) for problem in batch.errors],
        "created_at": _iso(batch.created_at),
        "finished_at": _iso(batch.finished_at),
    }


def _error(problem: dict) -> dict:
    origin, locator = problem.get("origin", ""), problem.get("locator", "")
    reason = problem.get("reason", "")
    where = f"{origin}, {locator}" if locator else origin
    message = problem.get("message") or (f"{where}: {reason}" if where else reason)
    return {"origin": origin, "locator": locator, "reason": reason, "message": message}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def batch_articles(batch: ImportBatch) -> QuerySet:
    """The articles the batch imported, with their span counts, in import order."""
    return (
        Article.objects.filter(batch=batch)
        .only("pk", "title", "outlet", "language", "origin")
        .annotate(n_spans=Count("spans"))
        .order_by("pk")
    )


def recent_jobs(project: Project, kind: str = Job.Kind.PRELABEL, limit: int = RECENT) -> QuerySet:
    """The project's latest jobs of one kind, newest first (without their chunk plans)."""
    return (
        Job.objects.filter(project=project, kind=kind)
        .select_related("created_by")
        .defer("params")
        .order_by("-created_at", "-pk")[:limit]
    )


def job_for(project: Project, job_id: int) -> Job:
    """One job of the project, or NotFound."""
    job = Job.objects.filter(project=project, pk=job_id).defer("params").first()
    if job is None:
        raise NotFound("No such job.")
    return job


def job_status(job: Job) -> dict:
    """The job's progress (articles done out of total) as JSON-ready data."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "finished": job.state in (Job.State.DONE, Job.State.FAILED),
        "done": job.done,
        "total": job.total,
        "errors": [_job_error(error) for error in job.errors],
        "created_at": _iso(job.created_at),
        "finished_at": _iso(job.finished_at),
    }


def _job_error(error) -> dict:
    if isinstance(error, dict):
        chunk = error.get("chunk")
        text = str(error.get("error") or error.get("message") or error)
        return {"chunk": chunk, "message": text if chunk is None else f"chunk {chunk}: {text}"}
    return {"chunk": None, "message": str(error)}


# ---------------------------------------------------------------- assignments


def annotators(project: Project) -> QuerySet:
    """Users with the annotator role in the project, by username."""
    user_model = get_user_model()
    return user_model.objects.filter(
        memberships__project=project, memberships__role=Role.ANNOTATOR
    ).order_by("username")


def matrix_articles(project: Project) -> QuerySet:
    """The project's articles in the order the assignment matrix lists them."""
    return Article.objects.filter(project=project).only("pk", "title").order_by("pk")


@dataclass(frozen=True)
class MatrixRow:
    """One article of the assignment matrix: its assignment per annotator column."""

    article: Article
    cells: list[tuple[object, Assignment | None]]  # (annotator, assignment or None)
    others: list[Assignment]  # assignments held by people who are no longer annotators
    n_assigned: int


def assignment_matrix(articles: Sequence[Article], people: Sequence) -> list[MatrixRow]:
    """Who holds each of ``articles`` (one page of them), by annotator, in one query."""
    held: dict[int, dict[int, Assignment]] = defaultdict(dict)
    assignments = Assignment.objects.filter(article__in=[a.pk for a in articles])
    for assignment in assignments.select_related("annotator"):
        held[assignment.article_id][assignment.annotator_id] = assignment
    columns = {person.pk for person in people}
    return [
        MatrixRow(
            article=article,
            cells=[(person, held[article.pk].get(person.pk)) for person in people],
            others=[a for pk, a in held[article.pk].items() if pk not in columns],
            n_assigned=len(held[article.pk]),
        )
        for article in articles
    ]


def article_for(project: Project, article_id: int) -> Article:
    """One article of the project, or NotFound."""
    article = Article.objects.filter(project=project, pk=article_id).first()
    if article is None:
        raise NotFound("No such article.")
    return article


def assignment_for(project: Project, assignment_id: int) -> Assignment:
    """One assignment of the project, or NotFound."""
    assignment = (
        Assignment.objects.filter(article__project=project, pk=assignment_id)
        .select_related("article__project", "annotator")
        .first()
    )
    if assignment is None:
        raise NotFound("No such assignment.")
    return assignment


def member_for(project: Project, user_id: int):
    """A user who is a member of the project, or NotFound."""
    user = get_user_model().objects.filter(pk=user_id, memberships__project=project).first()
    if user is None:
        raise NotFound("No such member.")
    return user


def active_user_named(username: str):
    """An active user with exactly this username, or None."""
    name = username.strip()
    if not name:
        return None
    return get_user_model().objects.filter(username=name, is_active=True).first()


def members(project: Project) -> QuerySet:
    """The project's memberships with their users, by username."""
    return (
        Membership.objects.filter(project=project).select_related("user").order_by("user__username")
    )


# ---------------------------------------------------------------- audit


@dataclass(frozen=True)
class AuditRow:
    """One audit event ready to show: before and after as indented JSON text."""

    event: AuditEvent
    before: str
    after: str


def audit_events(project: Project) -> QuerySet:
    """The project's audit trail, newest first."""
    return (
        AuditEvent.objects.filter(project=project)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def audit_rows(events: Sequence[AuditEvent]) -> list[AuditRow]:
    """Events with their JSON states as text (escaped by the template, not here)."""
    return [
        AuditRow(event=event, before=_json_text(event.before), after=_json_text(event.after))
        for event in events
    ]


def _json_text(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
