"""Articles and their spans (annotators: only the articles assigned to them)."""

from functools import cached_property

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from annotate.models import Article, Span
from annotate.selectors.agreement import article_agreement
from annotate.selectors.api import article_for, article_list_for, spans_of
from annotate.services.assignments import submit

from ..filters import ArticleFilter
from ..serializers.articles import ArticleDetailSerializer, ArticleSerializer, SpanSerializer
from ..serializers.review import AssignmentSerializer
from .base import ProjectView


class ArticleListView(ProjectView, generics.ListAPIView):
    """The project's articles you may read, filterable by outlet, language and batch."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter

    def get_queryset(self):
        if self.schema_only():
            return Article.objects.none()
        return article_list_for(self.request.user, self.project)


class ArticleDetailView(ProjectView):
    """One article with its cleaned text."""

    serializer_class = ArticleDetailSerializer

    def get(self, request, slug, article_id):
        """The article, if you may read it."""
        article = article_for(request.user, self.project, article_id)
        return Response(self.get_serializer(article).data)


class SpanListView(ProjectView, generics.ListAPIView):
    """The article's sentence spans in reading order, with their text."""

    serializer_class = SpanSerializer
    cursor_ordering = "order"

    def get_queryset(self):
        if self.schema_only():
            return Span.objects.none()
        return spans_of(self.article)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.schema_only():
            context["article_text"] = self.article.cleaned_text
        return context

    @cached_property
    def article(self) -> Article:
        """The URL's article, checked once per request."""
        return article_for(self.request.user, self.project, self.kwargs["article_id"])


class ArticleAgreementView(ProjectView):
    """Agreement figures of one article (roles with "view_figures")."""

    project_action = "view_figures"

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, slug, article_id):
        """Krippendorff's alpha, observed agreement, per label and per pair figures."""
        article = article_for(request.user, self.project, article_id)
        return Response(article_agreement(article))


class ArticleSubmitView(ProjectView):
    """Submit your finished assignment of this article for review."""

    project_action = "annotate"
    serializer_class = AssignmentSerializer

    @extend_schema(request=None, responses={200: AssignmentSerializer})
    def post(self, request, slug, article_id):
        """Mark your assignment submitted once every span has a label or a skip."""
        article = article_for(request.user, self.project, article_id)
        return Response(AssignmentSerializer(submit(request.user, article)).data)
