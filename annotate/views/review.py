"""Reviewers' and leads' pages: the review queue, one article side by side, and the
agreement dashboard with its downloads.

Views stay thin: reads go through annotate.selectors, writes through
annotate.services. The review actions answer JSON to the page's keyboard script
(session cookie + CSRF header) and redirect with a message to a plain form post,
so every action also works without JavaScript.
"""

import csv
import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from annotate.selectors import review as reads
from annotate.selectors.access import project_for
from annotate.selectors.agreement import project_agreement
from annotate.selectors.dashboard import CSV_COLUMNS, agreement_dashboard, agreement_rows
from annotate.services.adjudication import accept_agreed, adjudicate, take_majority
from annotate.services.assignments import send_back
from annotate.services.errors import InvalidRequest, ServiceError

QUEUE_PAGE_SIZE = 50


def html_errors(view):
    """Turn service errors into the usual pages: 404 for outsiders, 403 for wrong roles."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ServiceError as error:
            if error.status not in (403, 404):
                raise
            raise _http_error(error) from error

    return wrapper


def _http_error(error: ServiceError) -> Exception:
    """Django's own 404 or 403 for a NotFound or NotAllowed service error."""
    return Http404(error.message) if error.status == 404 else PermissionDenied(error.message)


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.content_type == "application/json" or "application/json" in accept


def _act(request, work, back: str):
    """Run ``work() -> (payload, message)`` and answer JSON or redirect to ``back``.

    Service errors become ``{"error": {code, message, detail}}`` with the error's
    status for the script, a message on the page for a form post.
    """
    as_json = _wants_json(request)
    try:
        payload, message = work()
    except ServiceError as error:
        if as_json:
            body = {"code": error.code, "message": error.message, "detail": error.detail}
            return JsonResponse({"error": body}, status=error.status)
        if error.status in (403, 404):
            raise _http_error(error) from error
        messages.error(request, error.message)
        return redirect(back)
    if as_json:
        return JsonResponse(payload)
    messages.success(request, message)
    return redirect(back)


def _decision_input(request) -> dict:
    """Labels, skip and note from a JSON body or a form post."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError as error:
            raise InvalidRequest("The request body is not valid JSON.") from error
        if not isinstance(data, dict) or not isinstance(data.get("labels", []), list):
            raise InvalidRequest("Send {labels: [...], skip: true|false, note: '...'}.")
        return {
            "labels": [str(label) for label in data.get("labels", [])],
            "skip": bool(data.get("skip", False)),
            "note": str(data.get("note", "")),
        }
    skip = request.POST.get("skip") == "1"
    # The form's skip button submits the checked boxes too; skipping means no labels.
    labels = [] if skip else request.POST.getlist("labels")
    return {"labels": labels, "skip": skip, "note": request.POST.get("note", "")}


def _article_url(slug: str, article_id: int, span_id: int | None = None) -> str:
    url = reverse("ui:review_article", args=[slug, article_id])
    return f"{url}#span-{span_id}" if span_id else url


# --- Queue --------------------------------------------------------------------------


@require_GET
@login_required
@html_errors
def queue(request, slug):
    """Fully submitted articles, least agreed first, with filters and progress."""
    project = project_for(request.user, slug, "review")
    filters = reads.QueueFilters.from_params(request.GET)
    rows = reads.review_queue(project, filters)
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "filters": filters,
        "filter_query": urlencode(filters.as_params()),
        "options": reads.queue_filter_options(project),
        "page": page,
        "n_articles": len(rows),
        "n_agreed_pending": sum(row.n_agreed_pending for row in rows),
    }
    return render(request, "annotate/review_queue.html", context)


@require_POST
@login_required
def accept_agreed_in_queue(request, slug):
    """Accept the agreed spans of every article the (filtered) queue lists."""
    filters = reads.QueueFilters.from_params(request.POST)
    back = reverse("ui:review_queue", args=[slug])
    if filters.as_params():
        back += "?" + urlencode(filters.as_params())

    def work():
        project = project_for(request.user, slug, "review")
        articles = list(reads.queue_articles(project, filters))
        changed = accept_agreed(request.user, articles)
        message = (
            f"{changed} gold decision(s) taken from agreed spans in {len(articles)} article(s)."
        )
        return {"changed": changed, "articles": len(articles)}, message

    return _act(request, work, back)


# --- One article ---------------------------------------------------------------------


@require_GET
@login_required
@html_errors
def article(request, slug, article_id):
    """Each span's ratings side by side, with the pre-label and the current gold."""
    project = project_for(request.user, slug, "review")
    review = reads.article_review(project, article_id)
    context = {
        "project": project,
        "review": review,
        "show_agreed": request.GET.get("show_agreed") == "1",
    }
    return render(request, "annotate/review.html", context)


def _span_action(request, slug, article_id, span_id, decide):
    """Shared frame of the per-span actions: find the span, decide, answer the new gold."""

    def work():
        project = project_for(request.user, slug, "review")
        found = reads.article_in_project(project, article_id)
        span = reads.span_in_article(found, span_id)
        decision = decide(span)
        gold = reads.gold_payload(decision)
        payload = {"gold": gold, "progress": reads.article_progress(found)}
        return payload, f"Span {span.order}: gold set ({decision.basis})."

    return _act(request, work, _article_url(slug, article_id, span_id))


@require_POST
@login_required
def take_majority_view(request, slug, article_id, span_id):
    """Gold = what most annotators chose (basis majority, or unanimous)."""
    return _span_action(
        request, slug, article_id, span_id, lambda span: take_majority(request.user, span)
    )


@require_POST
@login_required
def set_gold(request, slug, article_id, span_id):
    """Gold = the reviewer's own labels, or skip (basis reviewer)."""

    def decide(span):
        return adjudicate(request.user, span, basis="reviewer", **_decision_input(request))

    return _span_action(request, slug, article_id, span_id, decide)


@require_POST
@login_required
def accept_agreed_in_article(request, slug, article_id):
    """Take every span of this article on which all its annotators agree."""

    def work():
        project = project_for(request.user, slug, "review")
        found = reads.article_in_project(project, article_id)
        changed = accept_agreed(request.user, [found])
        payload = {
            "changed": changed,
            "gold": list(reads.gold_by_span(found).values()),
            "progress": reads.article_progress(found),
        }
        return payload, f"{changed} gold decision(s) taken from agreed spans."

    return _act(request, work, _article_url(slug, article_id))


@require_POST
@login_required
def send_back_view(request, slug, article_id):
    """Return one annotator's submitted work to them with a comment."""

    def work():
        project = project_for(request.user, slug, "review")
        found = reads.article_in_project(project, article_id)
        try:
            assignment_id = int(request.POST.get("assignment", ""))
        except ValueError as error:
            raise InvalidRequest("Choose whose work to send back.") from error
        assignment = reads.assignment_of(found, assignment_id)
        send_back(assignment, request.POST.get("comment", ""), actor=request.user)
        name = assignment.annotator.username
        return {"assignment": assignment.pk, "state": assignment.state}, f"Sent back to {name}."

    return _act(request, work, _article_url(slug, article_id))


# --- Agreement dashboard ---------------------------------------------------------------


@require_GET
@login_required
@html_errors
def agreement(request, slug):
    """Agreement figures, bands, tables and charts for the whole project."""
    project = project_for(request.user, slug, "view_figures")
    context = {"project": project, "board": agreement_dashboard(project)}
    return render(request, "annotate/agreement.html", context)


@require_GET
@login_required
@html_errors
def agreement_json(request, slug):
    """The project's agreement report, as is, for download."""
    project = project_for(request.user, slug, "view_figures")
    response = JsonResponse(project_agreement(project), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-agreement.json"'
    return response


@require_GET
@login_required
@html_errors
def agreement_csv(request, slug):
    """The project's agreement report, one figure per row, for download."""
    project = project_for(request.user, slug, "view_figures")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-agreement.csv"'
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(agreement_rows(project_agreement(project)))
    return response


_ARTICLE = "p/<slug:slug>/review/<int:article_id>/"

urlpatterns = [
    path("p/<slug:slug>/review/", queue, name="review_queue"),
    path("p/<slug:slug>/review/accept-agreed/", accept_agreed_in_queue, name="review_accept_queue"),
    path(_ARTICLE, article, name="review_article"),
    path(_ARTICLE + "accept-agreed/", accept_agreed_in_article, name="review_accept_article"),
    path(_ARTICLE + "send-back/", send_back_view, name="review_send_back"),
    path(_ARTICLE + "spans/<int:span_id>/majority/", take_majority_view, name="review_majority"),
    path(_ARTICLE + "spans/<int:span_id>/gold/", set_gold, name="review_gold"),
    path("p/<slug:slug>/agreement/", agreement, name="agreement"),
    path("p/<slug:slug>/agreement.json", agreement_json, name="agreement_json"),
    path("p/<slug:slug>/agreement.csv", agreement_csv, name="agreement_csv"),
]
