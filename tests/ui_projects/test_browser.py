"""A lead imports the sample page through the real form in Chromium."""

import pytest

from annotate.models import Article, ImportBatch
from annotate.services.imports import create_batch, run_batch
from annotate.services.prelabel import record_failure, start_prelabel
from tests.browser import ARTIFACTS
from tests.conftest import SAMPLE_PAGE
from tests.factories import make_article
from tests.ui_projects import fast_passwords  # noqa: F401  (autouse fixture)


@pytest.fixture
def browser_page(new_page):
    return new_page(1280, 1000)


def _sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


@pytest.mark.browser
def test_a_lead_uploads_the_sample_page_and_sees_it_imported(
    live_server, transactional_db, settings, tmp_path, browser_page, lead, project
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    page = browser_page
    _sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/p/{project.slug}/")

    page.get_by_label("File:", exact=True).set_input_files(str(SAMPLE_PAGE))
    page.get_by_label("Language:", exact=True).select_option("fr")
    page.get_by_role("button", name="Upload and import").click()

    page.wait_for_url("**/imports/*/")
    status = page.get_by_role("status").filter(has_text="State:")
    status.get_by_text("done", exact=True).wait_for(timeout=60_000)
    imported = page.locator("dd[data-field=n_imported]")
    assert imported.inner_text() == "1"
    heading = page.get_by_role("heading", name="Imported articles")
    assert heading.is_visible()
    title = Article.objects.get().title
    assert page.get_by_role("rowheader", name=title).is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "project.png"), full_page=True)

    batch = ImportBatch.objects.get()
    assert (batch.state, batch.n_imported, batch.file_name) == ("done", 1, SAMPLE_PAGE.name)
    page.goto(f"{live_server.url}/p/{project.slug}/")
    batch_row = page.get_by_role("row").filter(has_text=SAMPLE_PAGE.name)
    assert "done" in batch_row.inner_text()


@pytest.mark.browser
def test_progress_updates_live_while_the_page_is_open(
    live_server, transactional_db, settings, tmp_path, browser_page, lead, project
):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = SAMPLE_PAGE.read_bytes()
    # Stored but not queued: the test plays the worker once the pages are open.
    batch = create_batch(project, SAMPLE_PAGE.name, data, user=lead, language="fr")
    make_article(project, ["Une phrase."])
    job = start_prelabel(project, user=lead, enqueue=False)
    page = browser_page
    _sign_in(page, live_server.url, "lead")

    page.goto(f"{live_server.url}/p/{project.slug}/")
    job_row = page.get_by_role("row").filter(has_text="by lead").filter(has_text="0/1")
    assert "queued" in job_row.inner_text()
    record_failure(job.pk, 0, RuntimeError("labeller crashed"))
    page.get_by_text("chunk 0: RuntimeError: labeller crashed").wait_for(timeout=15_000)
    assert "failed" in page.locator("#prelabel [data-poll] [data-field=state]").inner_text()
    assert "failed" in page.locator("#prelabel [data-announce]").inner_text()

    page.goto(f"{live_server.url}/p/{project.slug}/imports/{batch.pk}/")
    assert page.locator("[data-field=state]").inner_text() == "queued"
    run_batch(batch, data)
    # project.js sees the batch finish and reloads the page, which lists the article.
    page.get_by_role("heading", name="Imported articles").wait_for(timeout=15_000)
    assert page.locator("dd[data-field=n_imported]").inner_text() == "1"
