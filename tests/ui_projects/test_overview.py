"""The project list and the project page's progress figures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import Annotation, Membership, Project
from annotate.selectors.projects import project_overview, project_rows
from annotate.services.adjudication import adjudicate
from annotate.services.annotations import save_annotation
from annotate.services.assignments import assign
from tests.factories import assigned_article, make_article, make_project, make_user, member
from tests.ui_projects import fast_passwords  # noqa: F401  (autouse fixture)


def _annotate(user, article, labelled: int) -> None:
    """Label the first ``labelled`` spans of the article as the user."""
    for span in list(article.spans.order_by("order"))[:labelled]:
        save_annotation(user, span, labels=["reported"])


@pytest.fixture
def worked_project(project, annotators, reviewer):
    """One article of 3 spans, overlap 2: ann1 labelled all 3, ann2 one; 1 span has gold."""
    article = assigned_article(project, annotators)
    _annotate(annotators[0], article, 3)
    _annotate(annotators[1], article, 1)
    adjudicate(reviewer, article.spans.get(order=0), labels=["reported"])
    make_article(project, ["Une autre phrase."], title="Pas encore assigné")
    return project


def test_headline_progress_counts_finished_work_by_assigned_annotators(worked_project, lead):
    # Work left behind by someone the article is no longer assigned to (a reassigned
    # annotator) is kept but does not count towards the project's progress.
    for span in worked_project.articles.first().spans.all():
        Annotation.objects.create(span=span, annotator=lead, labels=["reported"])
    row = next(r for r in project_rows(lead) if r.project == worked_project)
    assert (row.role, row.n_articles, row.n_spans) == ("lead", 2, 5)
    assert row.percent_annotated == 100 * 4 // (5 * 2)  # 4 of 10 span annotations
    assert row.percent_adjudicated == 100 * 1 // 5


def test_project_list_shows_role_and_progress(client, worked_project, annotators):
    client.force_login(annotators[0])
    html = client.get(reverse("ui:projects")).content.decode()
    assert worked_project.name in html
    assert reverse("ui:project", args=[worked_project.slug]) in html
    assert "<td>Annotator</td>" in html
    assert "40%" in html and "20%" in html


def test_project_list_costs_the_same_queries_for_one_or_many_projects(client, lead):
    def list_queries() -> int:
        client.force_login(lead)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("ui:projects")).status_code == 200
        return len(queries)

    people = [make_user(f"worker{i}") for i in range(2)]

    def busy_project(slug):
        project = make_project(slug, lead=lead)
        for person in people:
            Membership.objects.create(project=project, user=person, role="annotator")
        article = assigned_article(project, people)
        _annotate(people[0], article, 2)

    busy_project("one")
    few = list_queries()
    for slug in ("two", "three", "four"):
        busy_project(slug)
    assert list_queries() == few
    html = client.get(reverse("ui:projects")).content.decode()
    assert all(slug in html for slug in ("one", "two", "three", "four"))


def test_outsiders_do_not_see_a_project_in_their_list(client, worked_project):
    client.force_login(make_user("stranger"))
    html = client.get(reverse("ui:projects")).content.decode()
    assert worked_project.name not in html


def test_project_overview_counts_assignments_and_per_annotator_work(worked_project, annotators):
    article = worked_project.articles.get(title="Pas encore assigné")
    assign(article, annotators[0])
    overview = project_overview(worked_project)
    assert overview.n_articles == 2 and overview.n_spans == 5
    by_state = {state: n for state, _label, n in overview.assignments_by_state}
    # Starting to label moved the first article's assignments to "in progress".
    assert (by_state["assigned"], by_state["in_progress"], by_state["submitted"]) == (1, 2, 0)
    assert overview.n_assignments == 3
    assert overview.n_short == 1  # the second article has one annotator of two
    assert (overview.annotations_done, overview.annotations_needed) == (4, 10)
    assert overview.n_adjudicated == 1
    people = {p.username: p for p in overview.annotators}
    assert (people["ann1"].n_articles, people["ann1"].spans_assigned) == (2, 5)
    assert (people["ann1"].spans_done, people["ann1"].percent) == (3, 60)
    assert (people["ann2"].n_articles, people["ann2"].spans_done) == (1, 1)


def test_project_page_shows_the_overview(client, worked_project, lead):
    client.force_login(lead)
    html = client.get(reverse("ui:project", args=[worked_project.slug])).content.decode()
    assert "4 / 10" in html  # span annotations done out of needed
    assert "ann1" in html and "ann2" in html
    assert "3 / 3 (100%)" in html  # ann1's spans on their one assigned article


def test_staff_create_a_project_and_lead_it(client, db):
    staff = make_user("staffer", is_staff=True)
    client.force_login(staff)
    assert b"New project" in client.get(reverse("ui:projects")).content
    response = client.post(
        reverse("ui:projects"),
        {"name": "Presse FR", "slug": "presse-fr", "language": "fr", "overlap": 3},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:project", args=["presse-fr"])
    project = Project.objects.get(slug="presse-fr")
    assert project.overlap == 3 and not project.show_suggestions
    assert Membership.objects.get(project=project).user == staff
    again = client.post(
        reverse("ui:projects"), {"name": "Bis", "slug": "presse-fr", "language": "fr", "overlap": 2}
    )
    assert again.status_code == 400
    assert "exists already" in again.content.decode()


def test_only_staff_may_create_projects(client, lead):
    client.force_login(lead)
    assert b"New project" not in client.get(reverse("ui:projects")).content
    response = client.post(
        reverse("ui:projects"), {"name": "X", "slug": "x", "language": "fr", "overlap": 2}
    )
    assert response.status_code == 403
    assert not Project.objects.filter(slug="x").exists()


def test_annotators_get_the_page_without_figures(client, worked_project):
    client.force_login(member(worked_project, "annotator", "ann9"))
    html = client.get(reverse("ui:project", args=[worked_project.slug])).content.decode()
    assert 'id="progress-heading"' not in html


def test_the_project_page_costs_the_same_queries_however_big_the_project(client, project, lead):
    def page_queries() -> int:
        client.force_login(lead)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("ui:project", args=[project.slug])).status_code == 200
        return len(queries)

    people = [member(project, "annotator", f"p{i}") for i in range(2)]
    _annotate(people[0], assigned_article(project, people), 2)
    few = page_queries()
    more = [*people, member(project, "annotator", "p2")]
    for _ in range(3):
        _annotate(more[2], assigned_article(project, more), 1)
    assert page_queries() == few
