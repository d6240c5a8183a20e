"""Fixtures for the annotator's screens: articles, sign-in, and a real Chromium."""

from annotate.models import Prediction
from annotate.services.assignments import assign
from annotate.services.imports import import_bytes
from tests.browser import ARTIFACTS  # noqa: F401  (used by the browser tests)
from tests.conftest import SAMPLE_PAGE


def sample_article(project, annotator):
    """The sample page imported through the real import service, assigned to ``annotator``."""
    batch = import_bytes(project, SAMPLE_PAGE.name, SAMPLE_PAGE.read_bytes(), prelabel=False)
    article = batch.articles.get()
    assign(article, annotator)
    return article


def suggest(span, labels, rationale="because", confidence=0.8):
    """A stored pre-label suggestion for ``span`` (what the pre-labeller would write)."""
    return Prediction.objects.create(
        span=span,
        labeller="test",
        labeller_version="1",
        labels=labels,
        confidence=confidence,
        rationale=rationale,
    )


def sign_in(page, live_server, username, password="pw-for-tests-1", next_url="/"):
    """Sign in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_url}")


def open_annotator(page, live_server, project, article, username):
    """Sign in and open the annotation page; wait until its script is ready."""
    url = f"/p/{project.slug}/articles/{article.pk}/annotate/"
    sign_in(page, live_server, username, next_url=url)
    page.wait_for_selector("html[data-annotator-ready=true]")
    return page
