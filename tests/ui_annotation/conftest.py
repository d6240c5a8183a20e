"""Fixtures for the annotator's screens: articles, sign-in, and a real Chromium."""

import os
from pathlib import Path

import pytest

from annotate.models import Prediction
from annotate.services.assignments import assign
from annotate.services.imports import import_bytes
from tests.conftest import SAMPLE_PAGE

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


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


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Open pages in fresh browser contexts (separate cookies), closed after the test."""
    contexts = []

    def open_page(width=1280, height=800):
        context = chromium.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


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
