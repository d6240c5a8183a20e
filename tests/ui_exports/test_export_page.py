"""The export page: its form starts exports, its table follows them and links their files;
only leads and reviewers reach it."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse

from annotate.models import Job
from annotate.services.adjudication import adjudicate
from annotate.services.annotations import save_annotation
from annotate.services.exports import run_export_job
from tests.factories import assigned_article, make_project, member

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
SENTENCES = ["Selon le ministre, la réforme serait abandonnée.", "Le Kremlin dément."]
FORM = {"format": "jsonl", "seed": "13", "language": "", "annotator": ""}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    # Export files go to a temporary folder, not the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def labelled(project, annotators, reviewer):
    """One article (3 spans, title included) annotated by both; its first sentence is gold."""
    article = assigned_article(project, annotators, SENTENCES, title="Réforme")
    for span in article.spans.all():
        save_annotation(annotators[0], span, labels=["speculative"])
        save_annotation(annotators[1], span, labels=["denied"])
    gold = article.spans.get(order=1)
    adjudicate(reviewer, gold, labels=["attributed"])
    return gold


def _page(project) -> str:
    return reverse("ui:export", args=[project.slug])


def _signed_in(client, user):
    client.force_login(user)
    return client


def _href(html: str, name: str) -> str:
    """The href of the link whose visible text starts with ``name``."""
    match = re.search(rf'<a href="([^"]+)"[^>]*>{name}<', html)
    assert match, f"no {name} link"
    return unescape(match.group(1))


def test_the_form_is_labelled_and_lists_every_format_with_its_description(client, project, lead):
    html = _signed_in(client, lead).get(_page(project)).content.decode()
    for field in ("format", "min_agreement", "outlet", "language", "annotator", "seed", "salt"):
        assert f'<label for="id_{field}"' in html, field
    assert '<label for="id_pseudonymise"' in html and '<label for="id_adjudicated_only"' in html
    assert '<option value="csv-gold">csv-gold — One row per span: gold labels' in html
    assert '<option value="brat">brat — brat standoff' in html
    assert 'value="speculative"' in html  # the label filter offers the schema's labels


def test_lead_starts_an_export_and_downloads_it_from_the_list(client, project, lead, labelled):
    client = _signed_in(client, lead)
    response = client.post(_page(project), FORM)
    job = Job.objects.get(kind=Job.Kind.EXPORT)
    assert response.status_code == 302
    assert response["Location"] == f"{_page(project)}#export-{job.pk}"
    html = client.get(response["Location"]).content.decode()
    assert f"Export {job.pk} (jsonl) is ready: 3 spans." in html
    row = re.search(rf'<tr id="export-{job.pk}".*?</tr>', html, re.S).group(0)
    assert 'data-state="done"' in row and "data-poll" not in row
    assert '<span data-field="done">3</span>/<span data-field="total">3</span>' in row
    download = client.get(_href(row, "Download"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert f'filename="demo-export-{job.pk}.jsonl"' in download["Content-Disposition"]
    lines = b"".join(download.streaming_content).decode().splitlines()
    gold = next(json.loads(line) for line in lines if json.loads(line)["span_id"] == labelled.pk)
    assert gold["text"] == SENTENCES[0] and gold["gold"]["labels"] == ["attributed"]
    manifest = client.get(_href(row, "Manifest"))
    assert manifest["Content-Type"] == "application/json"
    assert json.loads(b"".join(manifest.streaming_content))["format"] == "jsonl"


def test_filters_reach_the_export(client, project, lead, labelled):
    client = _signed_in(client, lead)
    form = {**FORM, "adjudicated_only": "on", "labels": ["attributed"], "published_from": ""}
    client.post(_page(project), form)
    job = Job.objects.get(kind=Job.Kind.EXPORT)
    assert job.params["filters"]["adjudicated_only"] is True
    assert job.params["filters"]["labels"] == ["attributed"]
    assert job.done == 1


def test_a_folder_export_downloads_as_a_zip(client, project, reviewer, labelled):
    client = _signed_in(client, reviewer)
    client.post(_page(project), {**FORM, "format": "brat"})
    job = Job.objects.get(kind=Job.Kind.EXPORT)
    download = client.get(reverse("ui:export_download", args=[project.slug, job.pk]))
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_invalid_values_are_shown_and_start_nothing(client, project, lead):
    client = _signed_in(client, lead)
    form = {
        **FORM,
        "format": "xml",
        "min_agreement": "5",
        "published_from": "2024-05-01",
        "published_to": "2024-01-01",
        "salt": "a-secret-salt",
    }
    response = client.post(_page(project), form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. xml is not one of the available choices." in html
    assert "Ensure this value is less than or equal to 1.0." in html
    assert "The end of the date range is before its start." in html
    assert "a-secret-salt" not in html  # a secret is never echoed back into the page
    assert not Job.objects.filter(kind=Job.Kind.EXPORT).exists()


def test_a_queued_export_polls_its_status_and_offers_no_file_yet(client, project, lead):
    job = Job.objects.create(
        project=project, kind=Job.Kind.EXPORT, params={"format": "hf"}, total=40, done=12
    )
    client = _signed_in(client, lead)
    html = client.get(_page(project)).content.decode()
    row = re.search(rf'<tr id="export-{job.pk}".*?</tr>', html, re.S).group(0)
    status_url = reverse("ui:job_status", args=[project.slug, job.pk])
    assert f'data-poll="{status_url}"' in row and "data-reload-when-done" in row
    assert "Download" not in row
    assert client.get(status_url).json()["done"] == 12
    download = client.get(reverse("ui:export_download", args=[project.slug, job.pk]))
    assert download.status_code == 409


def test_job_errors_are_shown_escaped(client, project, lead):
    Job.objects.create(
        project=project,
        kind=Job.Kind.EXPORT,
        state=Job.State.FAILED,
        params={"format": "csv"},
        errors=["ValueError: <script>alert(1)</script>"],
    )
    html = _signed_in(client, lead).get(_page(project)).content.decode()
    assert "ValueError: &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("role", ["annotator", "viewer"])
def test_annotators_and_viewers_get_403(client, project, lead, labelled, role):
    _signed_in(client, lead).post(_page(project), FORM)
    job = Job.objects.get(kind=Job.Kind.EXPORT)
    _signed_in(client, member(project, role))
    assert client.get(_page(project)).status_code == 403
    assert client.post(_page(project), FORM).status_code == 403
    for name in ("ui:export_download", "ui:export_manifest"):
        assert client.get(reverse(name, args=[project.slug, job.pk])).status_code == 403
    assert Job.objects.filter(kind=Job.Kind.EXPORT).count() == 1


def test_outsiders_and_other_projects_jobs_get_404(client, project, lead, labelled):
    other = make_project("other", lead=lead)
    _signed_in(client, lead).post(_page(other), FORM)
    theirs = Job.objects.get(project=other, kind=Job.Kind.EXPORT)
    # The lead leads both projects, yet a job is only reachable under its own project.
    assert (
        client.get(reverse("ui:export_download", args=[project.slug, theirs.pk])).status_code == 404
    )
    _signed_in(client, member(make_project("elsewhere"), "lead", "outsider"))
    assert client.get(_page(project)).status_code == 404
    assert (
        client.get(reverse("ui:export_download", args=[other.slug, theirs.pk])).status_code == 404
    )


@pytest.mark.browser
def test_the_page_follows_a_queued_export_until_its_download_appears(
    live_server, transactional_db, lead, project, labelled, new_page
):
    # Queued as if the project were too large to export inline; the test plays the worker.
    job = Job.objects.create(
        project=project,
        kind=Job.Kind.EXPORT,
        total=3,
        params={"format": "jsonl", "filters": {}, "seed": 13},
    )
    page = new_page(1280, 1000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{_page(project)}")
    assert page.get_by_label("Format:").input_value() == "jsonl"
    row = page.locator(f"#export-{job.pk}")
    assert row.get_by_role("link", name=re.compile("Download")).count() == 0

    run_export_job(job.pk)
    # Inside Playwright's event loop the ORM opened a connection of its own; close it,
    # or it outlives the test and blocks dropping the test database.
    connections.close_all()
    download_link = page.get_by_role("link", name=f"Download export {job.pk}")
    download_link.wait_for(timeout=30_000)  # the poller saw "done" and reloaded
    assert page.locator(f"#export-{job.pk} [data-field=done]").inner_text() == "3"
    with page.expect_download() as info:
        download_link.click()
    info.value.path()  # wait for the whole file, so no request is still being served
    assert info.value.suggested_filename == f"demo-export-{job.pk}.jsonl"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "export.png"), full_page=True)
