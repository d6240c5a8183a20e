"""The annotator's screens: their queue, the annotation page, saving and submitting.

Views only translate HTTP: reads go through selectors, writes through services, and
service errors become 400/403/404/409 responses.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from annotate.models import Span
from annotate.selectors.access import project_for
from annotate.selectors.annotation_page import annotation_page, assignment_for, guideline_html
from annotate.selectors.queues import annotator_queue, next_article_id
from annotate.services import assignments
from annotate.services.annotations import save_annotation, snapshot
from annotate.services.errors import InvalidRequest, NotFound, ServiceError
from annotate.views.errors import page_errors


def _error_json(error: ServiceError) -> JsonResponse:
    body = {"error": error.code, "message": error.message, **error.detail}
    return JsonResponse(body, status=error.status)


@require_GET
@login_required
@page_errors
def queue(request, slug):
    """The user's assigned articles in a project, returned ones (with comments) first."""
    project = project_for(request.user, slug, "annotate")
    items = annotator_queue(request.user, project)
    next_id = next(
        (item.article_id for item in items if not item.finished),
        None,
    )
    context = {"project": project, "items": items, "next_id": next_id}
    return render(request, "annotate/queue.html", context)


@require_GET
@login_required
@page_errors
def annotate(request, slug, article_id):
    """The annotation screen for one of the user's assigned articles."""
    project = project_for(request.user, slug, "annotate")
    page = annotation_page(request.user, project, article_id)
    data = {
        **page.data,
        "save_url": reverse("ui:save-annotation", args=[slug, 0]),
        "queue_url": reverse("ui:queue", args=[slug]),
    }
    context = {
        "project": project,
        "page": page,
        "data": data,
        "guideline": guideline_html(project.guideline),
    }
    return render(request, "annotate/annotate.html", context)


def save(request, slug, span_id):
    """JSON endpoint: store the user's annotation of one span, return the new snapshot.

    Body: {labels, skip, note, cue, source, expected_version}. Answers 409 with the
    stored value when ``expected_version`` is stale, 400 with a reason when invalid.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        # A JSON client needs a status, not a redirect to the sign-in page.
        return JsonResponse(
            {"error": "not_authenticated", "message": "Your session ended: sign in again."},
            status=401,
        )
    try:
        project = project_for(request.user, slug, "annotate")
        span = _span(project, span_id)
        values = _annotation_values(request.body)
        annotation = save_annotation(request.user, span, **values)
    except ServiceError as error:
        return _error_json(error)
    return JsonResponse({"annotation": snapshot(annotation)})


def _span(project, span_id: int) -> Span:
    span = (
        Span.objects.select_related("article__project__label_schema")
        .filter(pk=span_id, article__project=project)
        .first()
    )
    if span is None:
        raise NotFound("No such span in this project.")
    return span


def _annotation_values(body: bytes) -> dict:
    """The keyword arguments of save_annotation from a JSON body, type-checked."""
    try:
        payload = json.loads(body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidRequest("The request body is not valid JSON.") from error
    if not isinstance(payload, dict):
        raise InvalidRequest("The request body must be a JSON object.")
    labels = payload.get("labels") or []
    if not isinstance(labels, list) or not all(isinstance(name, str) for name in labels):
        raise InvalidRequest("labels must be a list of label names.")
    version = payload.get("expected_version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise InvalidRequest("expected_version must be an integer or null.")
    note = payload.get("note") or ""
    if not isinstance(note, str):
        raise InvalidRequest("note must be text.")
    return {
        "labels": labels,
        "skip": payload.get("skip") is True,
        "note": note,
        "cue": _range(payload.get("cue"), "cue"),
        "source": _range(payload.get("source"), "source"),
        "expected_version": version,
    }


def _range(value, what: str):
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
    ):
        raise InvalidRequest(f"{what} must be a [start, end] pair of integers or null.")
    return value


@require_POST
@login_required
@page_errors
def submit(request, slug, article_id):
    """Submit the user's article and go on to the next unfinished one in the queue."""
    project = project_for(request.user, slug, "annotate")
    article = assignment_for(request.user, project, article_id).article
    try:
        assignments.submit(request.user, article)
    except InvalidRequest as error:
        messages.error(request, f"Not submitted: {error.message}")
        return redirect("ui:annotate", slug, article_id)
    following = next_article_id(request.user, project, after=article.pk)
    messages.success(request, f"Submitted “{article.title or article.pk}”.")
    if following is None:
        return redirect("ui:queue", slug)
    return redirect("ui:annotate", slug, following)


urlpatterns = [
    path("p/<slug:slug>/queue/", queue, name="queue"),
    path("p/<slug:slug>/articles/<int:article_id>/annotate/", annotate, name="annotate"),
    path("p/<slug:slug>/articles/<int:article_id>/submit/", submit, name="submit-article"),
    path("p/<slug:slug>/spans/<int:span_id>/annotation", save, name="save-annotation"),
]
