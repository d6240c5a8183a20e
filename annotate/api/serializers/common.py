"""Field types shared by several serializers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

NOTE_MAX_LENGTH = 5000
MAX_LABELS = 20


def character_range(**kwargs) -> serializers.ListField:
    """A [start, end] pair of character offsets, or null."""
    return serializers.ListField(
        child=serializers.IntegerField(min_value=0),
        min_length=2,
        max_length=2,
        allow_null=True,
        **kwargs,
    )


def label_list(**kwargs) -> serializers.ListField:
    """Label names; which names a project accepts is the service's rule."""
    return serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=MAX_LABELS, **kwargs
    )


@extend_schema_field(OpenApiTypes.STR)
class UsernameField(serializers.RelatedField):
    """A user shown (read-only) by username; null when the user was deleted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        """The username."""
        return value.username


class CountSerializer(serializers.Serializer):
    """How many objects an operation created or changed."""

    count = serializers.IntegerField()
