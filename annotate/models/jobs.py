"""Background jobs (pre-labelling, exports) and their progress."""

from django.conf import settings
from django.db import models

from .projects import Project


class Job(models.Model):
    class Kind(models.TextChoices):
        PRELABEL = "prelabel"
        EXPORT = "export"

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    project = models.ForeignKey(Project, related_name="jobs", on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=Kind)
    state = models.CharField(max_length=16, choices=State, default=State.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    result_path = models.CharField(max_length=600, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.state} {self.done}/{self.total})"


class JobChunk(models.Model):
    """One unit of a job's work; counting finished chunks keeps progress exact on retries."""

    job = models.ForeignKey(Job, related_name="chunks", on_delete=models.CASCADE)
    index = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="jobchunk_unique"),
        ]

    def __str__(self) -> str:
        return f"chunk {self.index} of job {self.job_id}"
