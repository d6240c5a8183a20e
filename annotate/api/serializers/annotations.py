"""Annotations (people's labels) and predictions (labellers' suggestions)."""

from rest_framework import serializers

from annotate.models import Annotation, Prediction

from .common import NOTE_MAX_LENGTH, UsernameField, character_range, label_list


class AnnotationSerializer(serializers.ModelSerializer):
    """An annotation; cue and source are [start, end] offsets into the span's text."""

    article = serializers.IntegerField(source="span.article_id", read_only=True)
    annotator = UsernameField()
    labels = label_list(read_only=True)
    cue = character_range(read_only=True)
    source = character_range(read_only=True)

    class Meta:
        model = Annotation
        fields = [
            "id",
            "span",
            "article",
            "annotator",
            "labels",
            "skip",
            "cue",
            "source",
            "note",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AnnotationWriteSerializer(serializers.Serializer):
    """The caller's labels for a span. ``version`` is the version last read (null when
    there was none): a stale version is refused with 409 and the stored value."""

    labels = label_list(default=list)
    skip = serializers.BooleanField(default=False)
    cue = character_range(default=None)
    source = character_range(default=None)
    note = serializers.CharField(allow_blank=True, default="", max_length=NOTE_MAX_LENGTH)
    version = serializers.IntegerField(min_value=0, allow_null=True)


class AnnotationDeleteSerializer(serializers.Serializer):
    """?version= of the annotation to remove."""

    version = serializers.IntegerField(min_value=0)


class PredictionSerializer(serializers.ModelSerializer):
    """A labeller's suggestion for a span."""

    article = serializers.IntegerField(source="span.article_id", read_only=True)
    labels = label_list(read_only=True)
    cue = character_range(read_only=True)
    source = character_range(read_only=True)

    class Meta:
        model = Prediction
        fields = [
            "id",
            "span",
            "article",
            "labeller",
            "labeller_version",
            "labels",
            "confidence",
            "rationale",
            "cue",
            "source",
            "created_at",
        ]
        read_only_fields = fields
