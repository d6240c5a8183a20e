"""What people and labellers said about each span."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .articles import Span


def _range_is_valid(prefix: str) -> Q:
    start, end = f"{prefix}_start", f"{prefix}_end"
    both_empty = Q(**{f"{start}__isnull": True, f"{end}__isnull": True})
    ordered = Q(**{f"{start}__gte": 0, f"{end}__gt": F(start)})
    return both_empty | ordered


class CueSourceRanges(models.Model):
    """Optional cue and source character ranges, relative to the span's text."""

    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=_range_is_valid("cue"), name="%(class)s_cue_range"),
            models.CheckConstraint(
                condition=_range_is_valid("source"), name="%(class)s_source_range"
            ),
        ]

    @property
    def cue(self) -> tuple[int, int] | None:
        return None if self.cue_start is None else (self.cue_start, self.cue_end)

    @property
    def source(self) -> tuple[int, int] | None:
        return None if self.source_start is None else (self.source_start, self.source_end)


class Annotation(CueSourceRanges):
    """One annotator's labels for one span. Changes bump ``version``."""

    span = models.ForeignKey(Span, related_name="annotations", on_delete=models.CASCADE)
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="annotations", on_delete=models.CASCADE
    )
    labels = models.JSONField(default=list, blank=True, help_text="Sorted label names.")
    skip = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(CueSourceRanges.Meta):
        constraints = [
            *CueSourceRanges.Meta.constraints,
            models.UniqueConstraint(fields=["span", "annotator"], name="annotation_unique"),
        ]
        indexes = [models.Index(fields=["annotator", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.annotator} on span {self.span_id}: {self.labels or 'skip'}"

    @property
    def is_done(self) -> bool:
        return self.skip or bool(self.labels)


class Prediction(CueSourceRanges):
    """A labeller's suggestion for a span; one per span and labeller version."""

    span = models.ForeignKey(Span, related_name="predictions", on_delete=models.CASCADE)
    labeller = models.CharField(max_length=64)
    labeller_version = models.CharField(max_length=32)
    labels = models.JSONField(default=list)
    confidence = models.FloatField()
    rationale = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(CueSourceRanges.Meta):
        constraints = [
            *CueSourceRanges.Meta.constraints,
            models.UniqueConstraint(
                fields=["span", "labeller", "labeller_version"], name="prediction_unique"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="prediction_confidence_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.labeller}@{self.labeller_version} on span {self.span_id}"
