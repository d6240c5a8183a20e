"""Small builders for test data, written straight to the database (no import pipeline)."""

from itertools import count

from django.contrib.auth import get_user_model

from annotate.models import Article, Span
from annotate.services.assignments import assign
from annotate.services.projects import create_project, set_membership

_serial = count(1)


def make_user(username: str | None = None, *, password: str = "pw-for-tests-1", **extra):
    """A user whose password is ``password``."""
    username = username or f"user{next(_serial)}"
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def make_project(slug: str | None = None, *, lead=None, **options):
    """A project with the default label schema; ``options`` go to create_project."""
    slug = slug or f"project-{next(_serial)}"
    options.setdefault("prelabel_on_import", False)
    return create_project(name=slug.title(), slug=slug, created_by=lead, **options)


def member(project, role: str, username: str | None = None):
    """A new user with ``role`` in ``project``."""
    user = make_user(username)
    set_membership(project, user, role)
    return user


def make_article(project, sentences: list[str], *, title: str = "Un titre", **fields) -> Article:
    """An article whose spans are the title and the given sentences, one paragraph each."""
    parts = [title, *sentences]
    text = "\n\n".join(parts)
    article = Article.objects.create(
        project=project,
        title=title,
        language=fields.pop("language", project.language),
        original_text=text,
        cleaned_text=text,
        content_hash=fields.pop("content_hash", f"hash-{next(_serial)}"),
        **fields,
    )
    offset, spans = 0, []
    for order, part in enumerate(parts):
        kind = Span.Kind.TITLE if order == 0 else Span.Kind.BODY
        spans.append(
            Span(article=article, order=order, start=offset, end=offset + len(part), kind=kind)
        )
        offset += len(part) + 2
    Span.objects.bulk_create(spans)
    return article


def assigned_article(project, annotators, sentences=None, **fields) -> Article:
    """An article assigned to each of ``annotators``."""
    article = make_article(project, sentences or ["Première phrase.", "Deuxième phrase."], **fields)
    for annotator in annotators:
        assign(article, annotator)
    return article
