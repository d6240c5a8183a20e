"""Projects, their members and the label schemas they annotate with."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q

GUIDELINES_PATH = Path(__file__).resolve().parent.parent / "data" / "guidelines.md"


@cache
def default_guideline_text() -> str:
    """The guideline shipped with the tool, used for new projects."""
    return GUIDELINES_PATH.read_text(encoding="utf-8")


class LabelSchema(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    schema = models.ForeignKey(LabelSchema, related_name="labels", on_delete=models.CASCADE)
    name = models.SlugField(max_length=50)
    description = models.TextField(blank=True)
    key = models.CharField(max_length=1, help_text="Keyboard key that toggles the label.")
    colour = models.CharField(max_length=7, default="#888888")
    exclusive = models.BooleanField(default=False, help_text="Never combines with another label.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["schema", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["schema", "name"], name="label_unique_name"),
            models.UniqueConstraint(fields=["schema", "key"], name="label_unique_key"),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="label_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schema}:{self.name}"


class Project(models.Model):
    class Language(models.TextChoices):
        FRENCH = "fr", "French"
        ENGLISH = "en", "English"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    language = models.CharField(max_length=2, choices=Language, default=Language.FRENCH)
    label_schema = models.ForeignKey(LabelSchema, on_delete=models.PROTECT, related_name="projects")
    overlap = models.PositiveSmallIntegerField(
        default=2, help_text="How many annotators label each article."
    )
    show_suggestions = models.BooleanField(
        default=True, help_text="Annotators see pre-label suggestions (off: blind mode)."
    )
    prelabel_on_import = models.BooleanField(default=True)
    guideline = models.TextField(default=default_guideline_text)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(overlap__gte=1), name="project_overlap_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def guideline_version(self) -> str:
        """A short fingerprint of the guideline text, recorded in exports."""
        return hashlib.sha256(self.guideline.encode("utf-8")).hexdigest()[:12]


class Role(models.TextChoices):
    LEAD = "lead", "Project lead"
    REVIEWER = "reviewer", "Reviewer"
    ANNOTATOR = "annotator", "Annotator"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    project = models.ForeignKey(Project, related_name="memberships", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="memberships", on_delete=models.CASCADE
    )
    role = models.CharField(max_length=16, choices=Role)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.project}"
