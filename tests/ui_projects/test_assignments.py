"""The assignments page: who has what, balanced assignment, hand changes, members,
and the audit log those changes leave."""

from collections import Counter

import pytest
from django.urls import reverse

from annotate.models import Assignment, AuditEvent, Membership
from annotate.services.assignments import assign
from tests.factories import make_article, make_user, member
from tests.ui_projects import fast_passwords  # noqa: F401  (autouse fixture)


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def team(project):
    return [member(project, "annotator", f"a{i}") for i in range(3)]


def _url(name, project, *args):
    return reverse(name, args=[project.slug, *args])


def test_assign_unassigned_balances_across_annotators_with_overlap_2(lead_client, project, team):
    for i in range(6):
        make_article(project, [f"Phrase {i}."], title=f"Titre {i}")
    response = lead_client.post(_url("ui:assign_unassigned", project), follow=True)
    assert "12 assignment(s) made." in response.content.decode()
    per_article = Counter(Assignment.objects.values_list("article_id", flat=True))
    assert sorted(per_article.values()) == [2] * 6
    pairs = Assignment.objects.values_list("article_id", "annotator_id")
    assert len(set(pairs)) == 12  # never the same annotator twice on an article
    load = Counter(Assignment.objects.values_list("annotator__username", flat=True))
    assert load == {"a0": 4, "a1": 4, "a2": 4}
    again = lead_client.post(_url("ui:assign_unassigned", project), follow=True)
    assert "Every article has its annotators." in again.content.decode()
    assert Assignment.objects.count() == 12


def test_assign_unassigned_without_annotators_says_why(lead_client, project):
    make_article(project, ["Une phrase."])
    response = lead_client.post(_url("ui:assign_unassigned", project), follow=True)
    assert "no annotators" in response.content.decode()


def test_the_matrix_shows_each_assignment_state(lead_client, project, team):
    article = make_article(project, ["Une phrase."], title="Titre <i>brut</i>")
    held = assign(article, team[1])
    held.state = Assignment.State.SUBMITTED
    held.save()
    html = lead_client.get(_url("ui:assignments", project)).content.decode()
    assert "Titre &lt;i&gt;brut&lt;/i&gt;" in html
    assert "Submitted" in html
    # Empty cells offer to assign, the submitted one cannot be moved.
    assert html.count(f'name="article" value="{article.pk}"') == 2
    assert _url("ui:reassign", project, held.pk) not in html


def test_assign_one_article_by_hand(lead_client, project, team):
    article = make_article(project, ["Une phrase."])
    lead_client.post(
        _url("ui:assign_one", project), {"article": article.pk, "annotator": team[2].pk}
    )
    assert list(Assignment.objects.values_list("annotator__username", flat=True)) == ["a2"]


def test_assigning_to_a_non_annotator_is_refused_with_a_message(lead_client, project, team):
    viewer = member(project, "viewer", "v1")
    article = make_article(project, ["Une phrase."])
    response = lead_client.post(
        _url("ui:assign_one", project), {"article": article.pk, "annotator": viewer.pk}, follow=True
    )
    assert "v1 is not an annotator of this project." in response.content.decode()
    assert not Assignment.objects.exists()


def test_assigning_to_someone_outside_the_project_is_404(lead_client, project, team):
    article = make_article(project, ["Une phrase."])
    stranger = make_user("stranger")
    response = lead_client.post(
        _url("ui:assign_one", project), {"article": article.pk, "annotator": stranger.pk}
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_reassign_moves_an_assignment(lead_client, project, team, lead):
    article = make_article(project, ["Une phrase."])
    held = assign(article, team[0])
    response = lead_client.post(
        _url("ui:reassign", project, held.pk), {"annotator": team[2].pk, "page": "1"}
    )
    assert response["Location"] == _url("ui:assignments", project) + "?page=1"
    assert list(Assignment.objects.values_list("article_id", "annotator__username")) == [
        (article.pk, "a2")
    ]
    moves = AuditEvent.objects.filter(object_type="assignment", actor=lead)
    assert set(moves.values_list("action", flat=True)) == {"create", "delete"}


def test_a_submitted_assignment_is_not_moved(lead_client, project, team):
    held = assign(make_article(project, ["Une phrase."]), team[0])
    held.state = Assignment.State.SUBMITTED
    held.save()
    response = lead_client.post(
        _url("ui:reassign", project, held.pk), {"annotator": team[1].pk}, follow=True
    )
    assert "cannot be moved" in response.content.decode()
    assert Assignment.objects.get().annotator == team[0]


def test_membership_changes_appear_in_the_audit_log(lead_client, project, lead):
    newcomer = make_user("nadia")
    lead_client.post(_url("ui:member_set", project), {"username": "nadia", "role": "annotator"})
    assert Membership.objects.get(project=project, user=newcomer).role == "annotator"
    lead_client.post(_url("ui:member_set", project), {"user": newcomer.pk, "role": "reviewer"})
    assert Membership.objects.get(project=project, user=newcomer).role == "reviewer"
    lead_client.post(_url("ui:member_remove", project, newcomer.pk))
    assert not Membership.objects.filter(project=project, user=newcomer).exists()

    html = lead_client.get(_url("ui:audit", project)).content.decode()
    rows = html.split("<tbody>")[1].split("</tr>")
    # Newest first: removal, role change, addition; each with its before/after JSON.
    assert "delete" in rows[0] and "&quot;role&quot;: &quot;reviewer&quot;" in rows[0]
    assert "update" in rows[1] and "&quot;role&quot;: &quot;annotator&quot;" in rows[1]
    assert "create" in rows[2] and "&quot;user&quot;: &quot;nadia&quot;" in rows[2]
    assert all(">lead<" in row for row in rows[:3])


def test_adding_an_unknown_user_or_a_bad_role_changes_nothing(lead_client, project):
    response = lead_client.post(
        _url("ui:member_set", project), {"username": "ghost", "role": "annotator"}, follow=True
    )
    assert "No active user has that username." in response.content.decode()
    make_user("real")
    response = lead_client.post(
        _url("ui:member_set", project), {"username": "real", "role": "owner"}, follow=True
    )
    assert "Unknown role" in response.content.decode()
    assert Membership.objects.filter(project=project).count() == 1  # the lead alone


def test_the_audit_log_escapes_stored_values_and_pages(lead_client, project, lead):
    AuditEvent.objects.create(
        project=project,
        actor=lead,
        action="update",
        object_type="annotation",
        object_id="7",
        before={"note": "<script>alert(1)</script>"},
        after={"note": "fine"},
    )
    html = lead_client.get(_url("ui:audit", project)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for i in range(55):
        AuditEvent.objects.create(
            project=project, actor=lead, action="create", object_type="x", object_id=f"n{i}"
        )
    first = lead_client.get(_url("ui:audit", project)).content.decode()
    assert "x n54<" in first and "x n5<" in first and "x n4<" not in first
    assert "Page 1 of 2" in first
    second = lead_client.get(_url("ui:audit", project) + "?page=2").content.decode()
    assert "x n4<" in second and "annotation 7" in second
