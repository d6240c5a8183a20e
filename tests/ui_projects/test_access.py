"""Who may reach the project lead's pages: outsiders never learn a project exists,
members whose role lacks the action get 403, leads get through."""

import pytest
from django.urls import reverse

from annotate.models import Assignment, ImportBatch, Job
from tests.factories import make_article, make_user, member
from tests.ui_projects import fast_passwords  # noqa: F401  (autouse fixture)

LEAD_ONLY_GETS = ["ui:assignments", "ui:audit"]
LEAD_ONLY_POSTS = ["ui:import", "ui:prelabel", "ui:assign_unassigned", "ui:member_set"]


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def article(project):
    return make_article(project, ["Une phrase."])


@pytest.mark.parametrize("role", ["annotator", "viewer", "reviewer"])
@pytest.mark.parametrize("name", LEAD_ONLY_GETS)
def test_members_without_the_role_get_403_on_lead_pages(client, project, role, name):
    _client_for(client, member(project, role))
    assert client.get(reverse(name, args=[project.slug])).status_code == 403


@pytest.mark.parametrize("role", ["annotator", "viewer", "reviewer"])
@pytest.mark.parametrize("name", LEAD_ONLY_POSTS)
def test_members_without_the_role_cannot_import_prelabel_assign_or_manage(
    client, project, annotators, article, role, name
):
    _client_for(client, member(project, role))
    response = client.post(reverse(name, args=[project.slug]), {"username": "ann1", "role": "lead"})
    assert response.status_code == 403
    assert not Assignment.objects.exists()
    assert not Job.objects.exists()
    assert not ImportBatch.objects.exists()


def test_outsiders_get_404_everywhere_even_on_the_project_page(client, project, article):
    _client_for(client, make_user("stranger"))
    batch = ImportBatch.objects.create(project=project, file_name="a.txt")
    job = Job.objects.create(project=project, kind=Job.Kind.PRELABEL)
    gets = [
        reverse("ui:project", args=[project.slug]),
        *(reverse(name, args=[project.slug]) for name in LEAD_ONLY_GETS),
        reverse("ui:batch", args=[project.slug, batch.pk]),
        reverse("ui:batch_status", args=[project.slug, batch.pk]),
        reverse("ui:job_status", args=[project.slug, job.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for name in LEAD_ONLY_POSTS:
        assert client.post(reverse(name, args=[project.slug])).status_code == 404, name


def test_an_unknown_project_is_404_for_leads_too(client, lead):
    _client_for(client, lead)
    assert client.get(reverse("ui:project", args=["nope"])).status_code == 404


def test_a_batch_of_another_project_is_404(client, project, lead):
    from tests.factories import make_project

    other = make_project("other", lead=make_user("other-lead"))
    batch = ImportBatch.objects.create(project=other, file_name="a.txt")
    _client_for(client, lead)
    url = reverse("ui:batch_status", args=[project.slug, batch.pk])
    assert client.get(url).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, project):
    response = client.get(reverse("ui:project", args=[project.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_project_links_follow_the_role(client, project, lead):
    annotator = member(project, "annotator", "ann-x")
    page = _client_for(client, annotator).get(reverse("ui:project", args=[project.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"/p/{project.slug}/queue/" in html
    for hidden in ("review", "export", "agreement", "assignments", "audit"):
        assert f"/p/{project.slug}/{hidden}/" not in html
    assert 'id="import"' not in html and 'id="prelabel"' not in html

    html = _client_for(client, lead).get(reverse("ui:project", args=[project.slug])).content
    for shown in ("queue", "review", "export", "agreement", "assignments", "audit"):
        assert f"/p/{project.slug}/{shown}/".encode() in html
    assert b'id="import"' in html and b'id="prelabel"' in html


def test_a_reviewer_sees_progress_and_review_links_but_no_lead_tools(client, project):
    page = _client_for(client, member(project, "reviewer")).get(
        reverse("ui:project", args=[project.slug])
    )
    html = page.content.decode()
    assert 'id="progress-heading"' in html
    assert f"/p/{project.slug}/review/" in html and f"/p/{project.slug}/export/" in html
    assert f"/p/{project.slug}/assignments/" not in html


def test_job_progress_follows_the_job_kind(client, project):
    reviewer = member(project, "reviewer")
    prelabel = Job.objects.create(project=project, kind=Job.Kind.PRELABEL)
    export = Job.objects.create(project=project, kind=Job.Kind.EXPORT)
    _client_for(client, reviewer)
    assert client.get(reverse("ui:job_status", args=[project.slug, prelabel.pk])).status_code == 403
    assert client.get(reverse("ui:job_status", args=[project.slug, export.pk])).status_code == 200
