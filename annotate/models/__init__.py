"""The data model. One module per part of the domain; import models from here."""

from .annotations import Annotation, Prediction
from .articles import Article, ImportBatch, Span
from .audit import AuditEvent
from .jobs import Job, JobChunk
from .projects import Label, LabelSchema, Membership, Project, Role
from .review import Adjudication, Assignment
from .tokens import ApiToken

__all__ = [
    "Adjudication",
    "Annotation",
    "ApiToken",
    "Article",
    "Assignment",
    "AuditEvent",
    "ImportBatch",
    "Job",
    "JobChunk",
    "Label",
    "LabelSchema",
    "Membership",
    "Prediction",
    "Project",
    "Role",
    "Span",
]
