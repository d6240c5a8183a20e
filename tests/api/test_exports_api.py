"""Starting dataset exports through the API, following them and downloading their files."""

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from annotate.models import Job
from annotate.services.adjudication import adjudicate
from annotate.services.annotations import save_annotation
from tests.factories import assigned_article, make_project, member

from .conftest import token_client

SENTENCES = ["Selon le ministre, la réforme serait abandonnée.", "Le Kremlin dément."]


@pytest.fixture
def labelled(project, annotators, reviewer):
    """Two annotated articles (3 and 2 spans, titles included); one span is gold."""
    first = assigned_article(project, annotators, SENTENCES, title="Réforme", outlet="Le Monde")
    second = assigned_article(project, annotators, ["Il pleut."], title="Météo", outlet="Ouest")
    for article in (first, second):
        for span in article.spans.all():
            save_annotation(annotators[0], span, labels=["speculative"], note="ann1 <b>note</b>")
            save_annotation(annotators[1], span, labels=["denied"])
    gold = first.spans.get(order=1)
    adjudicate(reviewer, gold, labels=["attributed"], note="gold")
    return {"first": first, "second": second, "gold": gold}


def _exports(project) -> str:
    return reverse("api:exports", kwargs={"slug": project.slug})


def _job_url(name: str, project, job_id: int) -> str:
    return reverse(name, kwargs={"slug": project.slug, "job_id": job_id})


def _start(client, project, **body):
    return client.post(_exports(project), body, format="json")


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def _lines(response) -> list[dict]:
    return [json.loads(line) for line in _content(response).decode("utf-8").splitlines()]


def test_lead_exports_jsonl_inline_and_downloads_it(project, lead, labelled):
    client = token_client(lead)
    response = _start(client, project, format="jsonl")
    assert response.status_code == 201, response.json()
    job = response.json()
    assert (job["state"], job["format"], job["total"], job["done"]) == ("done", "jsonl", 5, 5)
    assert job["errors"] == [] and job["created_by"] == "lead"
    download = client.get(job["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert download["Content-Disposition"].startswith("attachment;")
    assert f"demo-export-{job['id']}.jsonl" in download["Content-Disposition"]
    lines = _lines(download)
    assert len(lines) == 5
    gold_line = next(line for line in lines if line["span_id"] == labelled["gold"].pk)
    assert gold_line["text"] == SENTENCES[0]
    assert gold_line["gold"]["labels"] == ["attributed"]
    by_annotator = {entry["annotator"]: entry for entry in gold_line["annotations"]}
    assert by_annotator["ann1"]["labels"] == ["speculative"]
    assert by_annotator["ann1"]["note"] == "ann1 <b>note</b>"
    assert by_annotator["ann2"]["labels"] == ["denied"]


def test_manifest_describes_the_downloaded_file(project, lead, labelled):
    client = token_client(lead)
    job = _start(client, project, format="jsonl").json()
    data = _content(client.get(job["download_url"]))
    response = client.get(job["manifest_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    manifest = json.loads(_content(response))
    assert manifest["format"] == "jsonl"
    [entry] = manifest["files"]
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["bytes"] == len(data)


def test_gold_csv_is_served_as_csv(project, lead, labelled):
    client = token_client(lead)
    job = _start(client, project, format="csv-gold").json()
    download = client.get(_job_url("api:export-download", project, job["id"]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = _content(download).decode("utf-8").splitlines()
    assert len(rows) == 1 + 5  # a header, then one row per span


def test_brat_comes_as_a_zip_with_its_manifest(project, lead, labelled):
    client = token_client(lead)
    job = _start(client, project, format="brat").json()
    download = client.get(job["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert f"demo-export-{job['id']}.zip" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(_content(download)))
    names = archive.namelist()
    assert "manifest.json" in names
    assert any(name.endswith(".ann") for name in names)
    assert json.loads(archive.read("manifest.json"))["format"] == "brat"


def test_filters_are_applied_and_reported(project, lead, labelled):
    client = token_client(lead)
    everything = _lines(client.get(_start(client, project).json()["download_url"]))
    response = _start(
        client, project, format="jsonl", filters={"adjudicated_only": True, "outlet": "Le Monde"}
    )
    job = response.json()
    assert job["filters"]["adjudicated_only"] is True and job["filters"]["outlet"] == "Le Monde"
    gold_only = _lines(client.get(job["download_url"]))
    assert len(everything) == 5
    assert [line["span_id"] for line in gold_only] == [labelled["gold"].pk]
    assert job["total"] == 3 and job["done"] == 1  # total: spans of articles passing the outlet


def test_pseudonymised_export_hides_names_and_never_returns_the_salt(project, lead, labelled):
    client = token_client(lead)
    filters = {"pseudonymise": True, "salt": "a-secret-salt"}
    job = _start(client, project, format="jsonl", filters=filters).json()
    assert job["filters"]["pseudonymise"] is True and "salt" not in job["filters"]
    data = _content(client.get(job["download_url"])).decode("utf-8")
    assert "ann1" not in data.replace("ann1 <b>note</b>", "") and "ann2" not in data
    assert "annotator-" in data
    listed = client.get(_exports(project)).content.decode("utf-8")
    assert "a-secret-salt" not in listed


def test_unknown_format_is_a_400_naming_the_field_and_the_formats(project, lead):
    response = _start(token_client(lead), project, format="xml")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "Unknown format 'xml'" in error["detail"]["format"][0]
    assert "jsonl" in error["detail"]["format"][0] and "brat" in error["detail"]["format"][0]
    assert not Job.objects.filter(kind=Job.Kind.EXPORT).exists()


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"min_agreement": "high"}, "min_agreement"),
        ({"min_agreement": 3}, "min_agreement"),
        ({"language": "de"}, "language"),
        ({"published_from": "yesterday"}, "published_from"),
        ({"published_from": "2024-05-01", "published_to": "2024-01-01"}, "published_to"),
        ({"labels": "speculative"}, "labels"),
    ],
)
def test_bad_filter_values_are_400s_naming_the_field(project, lead, filters, field):
    response = _start(token_client(lead), project, format="jsonl", filters=filters)
    assert response.status_code == 400
    assert field in response.json()["error"]["detail"]["filters"]


def test_bad_seed_is_a_400(project, lead):
    response = _start(token_client(lead), project, format="hf", seed=-1)
    assert response.status_code == 400
    assert "seed" in response.json()["error"]["detail"]


def test_reviewer_may_export(project, reviewer, labelled):
    response = _start(token_client(reviewer), project, format="csv")
    assert response.status_code == 201


@pytest.mark.parametrize("role", ["annotator", "viewer"])
def test_annotators_and_viewers_are_refused(project, lead, labelled, role):
    job = _start(token_client(lead), project).json()
    client = token_client(member(project, role))
    assert _start(client, project).status_code == 403
    for url in (
        _exports(project),
        _job_url("api:export", project, job["id"]),
        _job_url("api:export-download", project, job["id"]),
        _job_url("api:export-manifest", project, job["id"]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "forbidden"


def test_outsiders_get_404(project, lead, labelled):
    job = _start(token_client(lead), project).json()
    elsewhere = make_project("elsewhere")
    client = token_client(member(elsewhere, "lead", "outsider"))
    assert _start(client, project).status_code == 404
    download = client.get(_job_url("api:export-download", project, job["id"]))
    assert download.status_code == 404
    assert download.json()["error"]["code"] == "not_found"


def test_a_job_of_another_project_or_kind_is_404(project, lead, labelled):
    other = make_project("other", lead=lead)  # the lead leads both projects
    client = token_client(lead)
    theirs = _start(client, other).json()
    prelabel = Job.objects.create(project=project, kind=Job.Kind.PRELABEL)
    for job_id in (theirs["id"], prelabel.pk):
        for name in ("api:export", "api:export-download", "api:export-manifest"):
            response = client.get(_job_url(name, project, job_id))
            assert response.status_code == 404, (name, job_id)
    assert client.get(_job_url("api:export", other, theirs["id"])).status_code == 200


def test_list_shows_this_projects_exports_newest_first(project, lead, labelled):
    client = token_client(lead)
    first = _start(client, project, format="csv").json()
    second = _start(client, project, format="bio").json()
    Job.objects.create(project=project, kind=Job.Kind.PRELABEL)
    listed = client.get(_exports(project)).json()["results"]
    assert [(job["id"], job["format"]) for job in listed] == [
        (second["id"], "bio"),
        (first["id"], "csv"),
    ]


def test_an_unfinished_export_is_not_downloadable(project, lead):
    job = Job.objects.create(
        project=project, kind=Job.Kind.EXPORT, params={"format": "jsonl"}, total=40, done=12
    )
    client = token_client(lead)
    detail = client.get(_job_url("api:export", project, job.pk)).json()
    assert (detail["state"], detail["download_url"], detail["manifest_url"]) == (
        "queued",
        None,
        None,
    )
    for name in ("api:export-download", "api:export-manifest"):
        response = client.get(_job_url(name, project, job.pk))
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "conflict"
        assert error["detail"]["current"] == {"state": "queued", "done": 12, "total": 40}


def test_a_large_export_is_queued_then_done_and_downloadable(
    project, lead, labelled, settings, django_capture_on_commit_callbacks
):
    settings.ANNOTATE_EXPORT_INLINE_MAX_SPANS = 0
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client = token_client(lead)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _start(client, project, format="nested-jsonl")
        assert response.status_code == 202, response.json()
        queued = response.json()
        assert (queued["state"], queued["download_url"]) == ("queued", None)
    assert len(callbacks) == 1  # the worker is sent the job only once it is committed
    job = client.get(_job_url("api:export", project, queued["id"])).json()
    assert (job["state"], job["done"], job["total"]) == ("done", 5, 5)
    download = client.get(job["download_url"])
    assert download.status_code == 200
    articles = _lines(download)
    assert sorted(article["title"] for article in articles) == ["Météo", "Réforme"]
