"""Imported articles, the batches they came in, and their sentence spans."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .projects import Project


class ImportBatch(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    project = models.ForeignKey(Project, related_name="import_batches", on_delete=models.CASCADE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=500)
    upload = models.FileField(upload_to="imports/", blank=True)
    state = models.CharField(max_length=16, choices=State, default=State.QUEUED)
    skip_invalid = models.BooleanField(default=False)
    language = models.CharField(max_length=2, blank=True)
    prelabel = models.BooleanField(default=True)
    n_documents = models.PositiveIntegerField(default=0)
    n_processed = models.PositiveIntegerField(default=0)
    n_imported = models.PositiveIntegerField(default=0)
    n_duplicates = models.PositiveIntegerField(default=0)
    n_invalid = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    duplicates = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.state})"


class Article(models.Model):
    project = models.ForeignKey(Project, related_name="articles", on_delete=models.CASCADE)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, related_name="articles", on_delete=models.SET_NULL
    )
    title = models.TextField(blank=True)
    outlet = models.CharField(max_length=300, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=2)
    original_text = models.TextField()
    cleaned_text = models.TextField()
    content_hash = models.CharField(max_length=64)
    metadata = models.JSONField(default=dict, blank=True)
    origin = models.CharField(max_length=600, blank=True, help_text="File (and line) it came from.")
    created_at = models.DateTimeField(auto_now_add=True)
    # Agreement figures stored when the article was adjudicated.
    agreement = models.JSONField(null=True, blank=True)
    agreement_alpha = models.FloatField(null=True, blank=True)
    adjudicated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "content_hash"], name="article_unique_content"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "outlet"]),
            models.Index(fields=["project", "language"]),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"


class Span(models.Model):
    class Kind(models.TextChoices):
        TITLE = "title"
        HEADING = "heading"
        BODY = "body"

    article = models.ForeignKey(Article, related_name="spans", on_delete=models.CASCADE)
    order = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.BODY)

    class Meta:
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="span_unique_order"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="span_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Span {self.order} of article {self.article_id}"

    @property
    def text(self) -> str:
        """The span's text: always a slice of the article's cleaned text."""
        return self.article.cleaned_text[self.start : self.end]
