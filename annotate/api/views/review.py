"""Assignments, your queue, the review list and gold decisions (adjudication)."""

from functools import cached_property

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from annotate.models import Adjudication, Article, Assignment
from annotate.selectors.api import (
    active_user,
    adjudications_of,
    article_for,
    articles_for,
    articles_ready_for_review,
    assignment_for,
    assignments_of,
    queue_for,
    span_for,
)
from annotate.services import adjudication, assignments
from annotate.services.errors import NotFound

from ..filters import AssignmentFilter
from ..serializers.common import CountSerializer
from ..serializers.review import (
    AdjudicateSerializer,
    AdjudicationSerializer,
    AssignmentSerializer,
    AssignSerializer,
    AutoAssignSerializer,
    QueueItemSerializer,
    ReassignSerializer,
    ReviewArticleSerializer,
    SendBackSerializer,
)
from .base import ProjectView


class AssignmentListView(ProjectView, generics.ListAPIView):
    """Every assignment of the project (reviewers, leads); leads assign by hand."""

    project_action = {"POST": "assign", "*": "review"}
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        if self.schema_only():
            return Assignment.objects.none()
        return assignments_of(self.project)

    @extend_schema(request=AssignSerializer, responses={201: AssignmentSerializer})
    def post(self, request, *args, **kwargs):
        """Assign one article to one of the project's annotators."""
        form = AssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        article = article_for(request.user, self.project, form.validated_data["article"])
        annotator = active_user(form.validated_data["annotator"])
        made = assignments.assign(article, annotator, actor=request.user)
        return Response(AssignmentSerializer(made).data, status=status.HTTP_201_CREATED)


class AutoAssignView(ProjectView):
    """Balanced assignment: each article gets as many annotators as the project's overlap."""

    project_action = "assign"
    serializer_class = CountSerializer

    @extend_schema(request=AutoAssignSerializer, responses={200: CountSerializer})
    def post(self, request, slug):
        """Assign the given articles (all of the project's when omitted); returns how
        many assignments were made."""
        form = AutoAssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ids = form.validated_data.get("articles")
        chosen = None
        if ids is not None:
            chosen = articles_for(request.user, self.project).filter(pk__in=ids)
        count = assignments.assign_articles(self.project, articles=chosen, actor=request.user)
        return Response({"count": count})


class AssignmentDetailView(ProjectView):
    """One assignment; leads move an unsubmitted one to another annotator."""

    project_action = {"PATCH": "assign", "*": "review"}
    serializer_class = AssignmentSerializer

    def get(self, request, slug, assignment_id):
        """The assignment."""
        return Response(AssignmentSerializer(self.assignment).data)

    @extend_schema(request=ReassignSerializer, responses={200: AssignmentSerializer})
    def patch(self, request, slug, assignment_id):
        """Reassign to another annotator; work already done stays stored."""
        form = ReassignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        annotator = active_user(form.validated_data["annotator"])
        moved = assignments.reassign(self.assignment, annotator, actor=request.user)
        return Response(AssignmentSerializer(moved).data)

    @cached_property
    def assignment(self) -> Assignment:
        """The URL's assignment, within the project."""
        return assignment_for(self.project, self.kwargs["assignment_id"])


class SendBackView(ProjectView):
    """A reviewer returns a submitted article to its annotator with a comment."""

    project_action = "review"
    serializer_class = AssignmentSerializer

    @extend_schema(request=SendBackSerializer, responses={200: AssignmentSerializer})
    def post(self, request, slug, assignment_id):
        """Return the assignment; the annotator can change their labels again."""
        form = SendBackSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        assignment = assignment_for(self.project, assignment_id)
        returned = assignments.send_back(
            assignment, form.validated_data["comment"], actor=request.user
        )
        return Response(AssignmentSerializer(returned).data)


class QueueView(ProjectView, generics.ListAPIView):
    """Your own assignments in the project, with progress: your work queue."""

    project_action = "annotate"
    serializer_class = QueueItemSerializer

    def get_queryset(self):
        if self.schema_only():
            return Assignment.objects.none()
        return queue_for(self.request.user, self.project)


class ReviewListView(ProjectView, generics.ListAPIView):
    """Articles ready for review: every assignment submitted, not yet adjudicated."""

    project_action = "review"
    serializer_class = ReviewArticleSerializer

    def get_queryset(self):
        if self.schema_only():
            return Article.objects.none()
        return articles_ready_for_review(self.project)


class AdjudicationListView(ProjectView, generics.ListAPIView):
    """The gold decisions made so far on an article's spans."""

    project_action = "review"
    serializer_class = AdjudicationSerializer
    cursor_ordering = "span_id"

    def get_queryset(self):
        if self.schema_only():
            return Adjudication.objects.none()
        article = article_for(self.request.user, self.project, self.kwargs["article_id"])
        return adjudications_of(article)


class SpanAdjudicationView(ProjectView):
    """The gold value of one span: read it, or decide it yourself."""

    project_action = "review"
    serializer_class = AdjudicationSerializer

    def get(self, request, slug, span_id):
        """The span's gold decision (404 while undecided)."""
        decided = adjudications_of(self._span().article).filter(span_id=span_id).first()
        if decided is None:
            raise NotFound("This span has no gold decision yet.")
        return Response(AdjudicationSerializer(decided).data)

    @extend_schema(request=AdjudicateSerializer, responses={200: AdjudicationSerializer})
    def put(self, request, slug, span_id):
        """Decide the span's labels (or skip); an earlier decision stays in the audit log."""
        form = AdjudicateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        decided = adjudication.adjudicate(request.user, self._span(), **form.validated_data)
        return Response(AdjudicationSerializer(decided).data)

    def _span(self):
        return span_for(self.request.user, self.project, self.kwargs["span_id"])


class TakeMajorityView(ProjectView):
    """Adjudicate a span with what most of its annotators chose."""

    project_action = "review"
    serializer_class = AdjudicationSerializer

    @extend_schema(request=None, responses={200: AdjudicationSerializer})
    def post(self, request, slug, span_id):
        """Take the majority (400 when there is none)."""
        span = span_for(request.user, self.project, span_id)
        return Response(AdjudicationSerializer(adjudication.take_majority(request.user, span)).data)


class AcceptAgreedView(ProjectView):
    """Take every span of the article on which all annotators agree as gold."""

    project_action = "review"
    serializer_class = CountSerializer

    @extend_schema(request=None, responses={200: CountSerializer})
    def post(self, request, slug, article_id):
        """Accept unanimous spans; decisions made by hand are never overwritten."""
        article = article_for(request.user, self.project, article_id)
        return Response({"count": adjudication.accept_agreed(request.user, [article])})
