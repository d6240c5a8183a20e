"""Uploading article files from the project page, the batch page and its JSON status,
and pre-label jobs' progress."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotate.models import Article, ImportBatch, Job
from annotate.services.prelabel import record_failure, start_prelabel
from tests.factories import make_article
from tests.ui_projects import fast_passwords  # noqa: F401  (autouse fixture)

ARTICLES = [
    {
        "title": "Le conseil vote le budget",
        "text": "Le conseil municipal a voté le budget lundi soir. "
        "Selon l'opposition, les dépenses seraient sous-estimées.",
    },
    {
        "title": "La préfecture dément",
        "text": "La préfecture a démenti toute fermeture de la route. "
        "Les travaux doivent commencer en mars.",
    },
]


def _jsonl(rows) -> bytes:
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows).encode()


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager(settings, media):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


def _upload(client, project, name: str, data: bytes, **fields):
    form = {"file": SimpleUploadedFile(name, data), "language": "auto", **fields}
    return client.post(reverse("ui:import", args=[project.slug]), form)


def _status(client, project, batch) -> dict:
    response = client.get(reverse("ui:batch_status", args=[project.slug, batch.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_an_upload_is_imported_by_the_worker_and_reported(
    lead_client, project, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(lead_client, project, "articles.jsonl", _jsonl(ARTICLES))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:batch", args=[project.slug, batch.pk])
    status = _status(lead_client, project, batch)
    assert status["state"] == "done" and status["finished"]
    assert (status["n_documents"], status["n_processed"], status["n_imported"]) == (2, 2, 2)
    assert (status["n_duplicates"], status["n_invalid"], status["errors"]) == (0, 0, [])
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted(
        row["title"] for row in ARTICLES
    )
    page = lead_client.get(response["Location"]).content.decode()
    assert "Le conseil vote le budget" in page and "La préfecture dément" in page
    assert "data-poll" not in page  # a finished batch is not polled


def test_a_second_upload_of_the_same_articles_reports_duplicates(
    lead_client, project, eager, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            _upload(lead_client, project, "articles.jsonl", _jsonl(ARTICLES))
    second = ImportBatch.objects.order_by("pk").last()
    status = _status(lead_client, project, second)
    assert (status["n_imported"], status["n_duplicates"]) == (0, 2)
    assert Article.objects.count() == 2


def test_a_malformed_line_fails_the_batch_and_is_named(
    lead_client, project, eager, django_capture_on_commit_callbacks
):
    data = _jsonl(ARTICLES[:1]) + b'\n{"title": "cut", "text": \n' + _jsonl(ARTICLES[1:])
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(lead_client, project, "bad.jsonl", data)
    batch = ImportBatch.objects.get()
    status = _status(lead_client, project, batch)
    assert status["state"] == "failed" and status["n_imported"] == 0
    [error] = status["errors"]
    assert (error["origin"], error["locator"]) == ("bad.jsonl", "line 2")
    assert "malformed JSON" in error["reason"]
    assert error["message"].startswith("bad.jsonl, line 2: malformed JSON")
    assert not Article.objects.exists()
    page = lead_client.get(response["Location"]).content.decode()
    assert "bad.jsonl, line 2: malformed JSON" in page
    assert "Nothing was imported" in page


def test_skip_invalid_imports_the_good_rows_and_reports_the_bad_one(
    lead_client, project, eager, django_capture_on_commit_callbacks
):
    data = _jsonl(ARTICLES[:1]) + b"\n[1, 2]\n" + _jsonl(ARTICLES[1:])
    with django_capture_on_commit_callbacks(execute=True):
        _upload(lead_client, project, "mixed.jsonl", data, skip_invalid="on")
    status = _status(lead_client, project, ImportBatch.objects.get())
    assert status["state"] == "done"
    assert (status["n_imported"], status["n_invalid"]) == (2, 1)
    assert status["errors"][0]["message"].startswith("mixed.jsonl, line 2: not a JSON object")


def test_an_oversize_upload_is_refused_and_nothing_is_stored(lead_client, project, settings, media):
    settings.ANNOTATE_MAX_UPLOAD_BYTES = 64
    response = _upload(lead_client, project, "big.jsonl", _jsonl(ARTICLES))
    assert response.status_code == 400
    html = response.content.decode()
    assert "big.jsonl is" in html and "over the 64-byte upload limit" in html
    assert "at most 64 bytes" in html  # the form says the limit up front too
    assert not ImportBatch.objects.exists()
    assert not media.exists() or not any(media.rglob("*"))


def test_an_unknown_file_type_is_refused(lead_client, project, media):
    response = _upload(lead_client, project, "scan.pdf", b"%PDF-1.4")
    assert response.status_code == 400
    assert "not a file type the import reads" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_queued_batch_stores_the_choices_and_is_polled_live(
    lead_client, project, media, django_capture_on_commit_callbacks
):
    project.prelabel_on_import = True
    project.save()
    # The worker is not run: the batch stays queued, as while a real worker is busy.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(
            lead_client, project, "a.jsonl", _jsonl(ARTICLES), language="fr", prelabel="on"
        )
    assert len(callbacks) == 1  # the import task is sent once the upload is committed
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.language, batch.prelabel, batch.skip_invalid) == (
        "queued",
        "fr",
        True,
        False,
    )
    assert batch.upload.read() == _jsonl(ARTICLES)
    page = lead_client.get(response["Location"]).content.decode()
    status_url = reverse("ui:batch_status", args=[project.slug, batch.pk])
    assert f'data-poll="{status_url}"' in page
    assert 'role="status"' in page
    project_page = lead_client.get(reverse("ui:project", args=[project.slug])).content.decode()
    assert f'data-poll="{status_url}"' in project_page


def test_prelabel_cannot_be_asked_for_when_the_project_switches_it_off(
    lead_client, project, media, django_capture_on_commit_callbacks
):
    assert not project.prelabel_on_import
    with django_capture_on_commit_callbacks(execute=False):
        _upload(lead_client, project, "a.jsonl", _jsonl(ARTICLES), prelabel="on")
    assert ImportBatch.objects.get().prelabel is False


def _job_status(client, project, job) -> dict:
    response = client.get(reverse("ui:job_status", args=[project.slug, job.pk]))
    assert response.status_code == 200
    return response.json()


def test_job_progress_json_reports_done_total_and_errors(lead_client, project):
    for i in range(3):
        make_article(project, [f"Phrase {i}."], title=f"Titre {i}")
    job = start_prelabel(project, enqueue=False)
    status = _job_status(lead_client, project, job)
    assert (status["state"], status["done"], status["total"], status["finished"]) == (
        "queued",
        0,
        3,
        False,
    )
    page = lead_client.get(reverse("ui:project", args=[project.slug])).content.decode()
    assert f'data-poll="{reverse("ui:job_status", args=[project.slug, job.pk])}"' in page
    record_failure(job.pk, 0, RuntimeError("labeller <model> missing"))
    status = _job_status(lead_client, project, job)
    assert status["state"] == "failed" and status["finished"]
    assert status["errors"] == [
        {"chunk": 0, "message": "chunk 0: RuntimeError: labeller <model> missing"}
    ]
    page = lead_client.get(reverse("ui:project", args=[project.slug])).content.decode()
    assert "labeller &lt;model&gt; missing" in page


def test_prelabel_now_runs_a_job_over_every_article(
    lead_client, project, eager, django_capture_on_commit_callbacks
):
    for i in range(2):
        make_article(project, [f"Le ministre aurait démissionné ({i})."], title=f"Titre {i}")
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("ui:prelabel", args=[project.slug]))
    assert response.status_code == 302
    job = Job.objects.get(project=project, kind=Job.Kind.PRELABEL)
    status = _job_status(lead_client, project, job)
    assert (status["state"], status["done"], status["total"]) == ("done", 2, 2)
    assert status["errors"] == []
