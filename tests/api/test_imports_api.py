"""Uploading article files through the API (multipart) and following the batch."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotate.models import ImportBatch

from .conftest import token_client


def upload(client, project, name, content: bytes, **fields):
    url = reverse("api:imports", kwargs={"slug": project.slug})
    file = SimpleUploadedFile(name, content, content_type="text/plain")
    return client.post(url, {"file": file, **fields}, format="multipart")


def test_upload_queues_a_batch_and_enqueues_it_after_commit(
    project, lead, django_capture_on_commit_callbacks
):
    client = token_client(lead)
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(client, project, "page.txt", b"Titre\n\nIl a dit que oui.", language="fr")
    assert response.status_code == 202, response.json()
    data = response.json()
    assert (data["state"], data["file_name"], data["language"]) == ("queued", "page.txt", "fr")
    assert data["created_by"] == "lead"
    assert len(callbacks) == 1  # the Celery task is sent only once the batch is committed
    batch = ImportBatch.objects.get(pk=data["id"])
    assert batch.upload.read() == b"Titre\n\nIl a dit que oui."
    status = client.get(reverse("api:import", kwargs={"slug": project.slug, "batch_id": batch.pk}))
    assert status.json()["id"] == batch.pk and "upload" not in status.json()


def test_batches_list_newest_first(project, lead):
    client = token_client(lead)
    for name in ("one.txt", "two.txt"):
        assert upload(client, project, name, b"Titre\n\nTexte.").status_code == 202
    listed = client.get(reverse("api:imports", kwargs={"slug": project.slug})).json()
    assert [b["file_name"] for b in listed["results"]] == ["two.txt", "one.txt"]


def test_unknown_language_is_a_field_error(project, lead):
    response = upload(token_client(lead), project, "page.txt", b"Titre", language="de")
    assert response.status_code == 400
    assert "language" in response.json()["error"]["detail"]


def test_missing_file_is_a_field_error(project, lead):
    url = reverse("api:imports", kwargs={"slug": project.slug})
    response = token_client(lead).post(url, {"language": "fr"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["error"]["detail"]
