"""Assignments, the review queue, gold decisions and the audit trail."""

from rest_framework import serializers

from annotate.models import Adjudication, Article, Assignment, AuditEvent

from .common import NOTE_MAX_LENGTH, UsernameField, label_list


class AssignmentSerializer(serializers.ModelSerializer):
    """Who annotates which article, and how far they got."""

    annotator = UsernameField()
    article_title = serializers.CharField(source="article.title", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "article",
            "article_title",
            "annotator",
            "state",
            "assigned_at",
            "started_at",
            "submitted_at",
            "review_comment",
        ]
        read_only_fields = fields


class QueueItemSerializer(AssignmentSerializer):
    """One of the caller's own assignments, with progress."""

    n_spans = serializers.IntegerField(read_only=True)
    n_done = serializers.IntegerField(read_only=True)

    class Meta(AssignmentSerializer.Meta):
        fields = [*AssignmentSerializer.Meta.fields, "n_spans", "n_done"]
        read_only_fields = fields


class AssignSerializer(serializers.Serializer):
    """Assign one article to one annotator (by username)."""

    article = serializers.IntegerField(min_value=1)
    annotator = serializers.CharField(max_length=150)


class AutoAssignSerializer(serializers.Serializer):
    """Balanced assignment of the given articles (all of the project's when omitted)."""

    articles = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=10000
    )


class ReassignSerializer(serializers.Serializer):
    """Move an unsubmitted assignment to another annotator."""

    annotator = serializers.CharField(max_length=150)


class SendBackSerializer(serializers.Serializer):
    """Return a submitted article to its annotator, saying what to look at."""

    comment = serializers.CharField(max_length=NOTE_MAX_LENGTH)


class ReviewArticleSerializer(serializers.ModelSerializer):
    """An article whose annotators have all submitted."""

    n_spans = serializers.IntegerField(read_only=True)
    n_submitted = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "outlet", "language", "n_spans", "n_submitted"]
        read_only_fields = fields


class AdjudicationSerializer(serializers.ModelSerializer):
    """The gold value of a span and how it was decided."""

    reviewer = UsernameField(allow_null=True)
    labels = label_list(read_only=True)

    class Meta:
        model = Adjudication
        fields = ["span", "labels", "skip", "basis", "note", "reviewer", "decided_at"]
        read_only_fields = fields


class AdjudicateSerializer(serializers.Serializer):
    """A reviewer's own decision for a span."""

    labels = label_list(default=list)
    skip = serializers.BooleanField(default=False)
    note = serializers.CharField(allow_blank=True, default="", max_length=NOTE_MAX_LENGTH)


class AuditEventSerializer(serializers.ModelSerializer):
    """One change: who did what to which object, with the values before and after."""

    actor = UsernameField(allow_null=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "before",
            "after",
        ]
        read_only_fields = fields
