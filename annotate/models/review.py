"""Who labels which article, and the reviewers' final decisions."""

from django.conf import settings
from django.db import models

from .articles import Article, Span


class Assignment(models.Model):
    class State(models.TextChoices):
        ASSIGNED = "assigned"
        IN_PROGRESS = "in_progress"
        SUBMITTED = "submitted"
        RETURNED = "returned"

    article = models.ForeignKey(Article, related_name="assignments", on_delete=models.CASCADE)
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="assignments", on_delete=models.CASCADE
    )
    state = models.CharField(max_length=16, choices=State, default=State.ASSIGNED)
    assigned_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "annotator"], name="assignment_unique"),
        ]
        indexes = [models.Index(fields=["annotator", "state"])]

    def __str__(self) -> str:
        return f"{self.article_id} -> {self.annotator} ({self.state})"


class Adjudication(models.Model):
    """The gold decision for a span. Earlier decisions live in the audit log."""

    class Basis(models.TextChoices):
        UNANIMOUS = "unanimous"
        MAJORITY = "majority"
        REVIEWER = "reviewer"

    span = models.OneToOneField(Span, related_name="adjudication", on_delete=models.CASCADE)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    labels = models.JSONField(default=list, blank=True)
    skip = models.BooleanField(default=False)
    basis = models.CharField(max_length=16, choices=Basis)
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"gold for span {self.span_id}: {self.labels or 'skip'} ({self.basis})"

    @property
    def by_hand(self) -> bool:
        return self.basis != self.Basis.UNANIMOUS
