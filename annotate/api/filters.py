"""Query-string filters (django-filter) for the API's lists.

Foreign keys are filtered by plain numbers, not model choices: a choice filter would
answer 400 for an id that does not exist and 200 for one in another project, telling
outsiders which ids exist.
"""

from datetime import UTC

import django_filters as filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from annotate.models import Annotation, Article, Assignment, AuditEvent, Prediction


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, moved to UTC. Python accepts offsets up to 24 h but PostgreSQL
    only up to 16 h, so an unusual offset would otherwise fail in the database."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except OverflowError as error:
            raise ValidationError("That time is out of range once moved to UTC.") from error


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class ArticleFilter(filters.FilterSet):
    """?outlet=&language=&batch=&adjudicated=&published_after=&published_before="""

    adjudicated = filters.BooleanFilter(
        field_name="adjudicated_at", lookup_expr="isnull", exclude=True
    )
    published_after = filters.DateFilter(field_name="published", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published", lookup_expr="lte")
    batch = filters.NumberFilter(field_name="batch_id")

    class Meta:
        model = Article
        fields = ["outlet", "language"]


class AnnotationFilter(filters.FilterSet):
    """?article=&span=&annotator=<username>&updated_after="""

    article = filters.NumberFilter(field_name="span__article_id")
    span = filters.NumberFilter(field_name="span_id")
    annotator = filters.CharFilter(field_name="annotator__username")
    updated_after = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Annotation
        fields = ["skip"]


class PredictionFilter(filters.FilterSet):
    """?article=&span=&labeller=&labeller_version="""

    article = filters.NumberFilter(field_name="span__article_id")
    span = filters.NumberFilter(field_name="span_id")

    class Meta:
        model = Prediction
        fields = ["labeller", "labeller_version"]


class AssignmentFilter(filters.FilterSet):
    """?state=&annotator=<username>&article="""

    annotator = filters.CharFilter(field_name="annotator__username")
    article = filters.NumberFilter(field_name="article_id")

    class Meta:
        model = Assignment
        fields = ["state"]


class AuditEventFilter(filters.FilterSet):
    """?action=&object_type=&object_id=&actor=<username>&since="""

    actor = filters.CharFilter(field_name="actor__username")
    since = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id"]
