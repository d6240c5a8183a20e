"""Articles, their spans and the import batches they came in."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotate.models import Article, ImportBatch, Project, Span

from .common import UsernameField


class ArticleSerializer(serializers.ModelSerializer):
    """An article as listed (without its text)."""

    n_spans = serializers.IntegerField(read_only=True)
    # Not a "uri": most imported articles have no URL, stored as "".
    url = serializers.CharField(read_only=True, help_text="The article's address, or empty.")

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "outlet",
            "byline",
            "url",
            "published",
            "language",
            "batch",
            "origin",
            "created_at",
            "n_spans",
            "agreement_alpha",
            "adjudicated_at",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its cleaned text (spans are offsets into it) and metadata."""

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "cleaned_text", "metadata"]
        read_only_fields = fields


class SpanSerializer(serializers.ModelSerializer):
    """A sentence span; ``text`` is the article's cleaned text between start and end."""

    text = serializers.SerializerMethodField()

    class Meta:
        model = Span
        fields = ["id", "order", "start", "end", "kind", "text"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_text(self, span: Span) -> str:
        # The view hands the article's text over once instead of loading it per span.
        return self.context["article_text"][span.start : span.end]


class ImportBatchSerializer(serializers.ModelSerializer):
    """An import batch and its progress; ``errors`` name each bad file, line or row."""

    created_by = UsernameField(allow_null=True)

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "file_name",
            "state",
            "created_by",
            "created_at",
            "finished_at",
            "skip_invalid",
            "language",
            "prelabel",
            "n_documents",
            "n_processed",
            "n_imported",
            "n_duplicates",
            "n_invalid",
            "errors",
            "duplicates",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    """A multipart upload of one article file (see annotate/api/uploads.py for types)."""

    file = serializers.FileField(allow_empty_file=False, max_length=255)
    skip_invalid = serializers.BooleanField(default=False)
    language = serializers.ChoiceField(
        choices=[("", "detect"), *Project.Language.choices], default="", allow_blank=True
    )
    prelabel = serializers.BooleanField(default=True)
