from collections import Counter

import pytest

from annotate.models import Assignment, AuditEvent
from annotate.services.assignments import assign_articles, reassign, send_back
from annotate.services.errors import InvalidRequest, NotAllowed
from annotate.services.projects import remove_membership, set_membership
from tests.factories import make_article, member


def test_each_article_gets_overlap_distinct_annotators_balanced(project):
    people = [member(project, "annotator", f"a{i}") for i in range(3)]
    for i in range(6):
        make_article(project, [f"Phrase {i}."], title=f"Titre {i}")
    made = assign_articles(project)
    assert made == 12
    per_article = Counter(Assignment.objects.values_list("article_id", flat=True))
    assert set(per_article.values()) == {2}
    load = Counter(Assignment.objects.values_list("annotator__username", flat=True))
    assert sorted(load.values()) == [4, 4, 4]
    assert set(load) == {p.username for p in people}
    assert assign_articles(project) == 0  # running it again assigns nothing more


def test_overlap_larger_than_the_team_gives_everyone(project):
    member(project, "annotator", "solo")
    make_article(project, ["Une phrase."])
    assert assign_articles(project) == 1


def test_no_annotators_is_a_clear_error(project):
    make_article(project, ["Une phrase."])
    with pytest.raises(InvalidRequest, match="no annotators"):
        assign_articles(project)


def test_reassign_moves_open_work_only(project, annotators):
    third = member(project, "annotator", "ann3")
    make_article(project, ["Une phrase."])
    assign_articles(project)
    assignment = Assignment.objects.get(annotator=annotators[0])
    moved = reassign(assignment, third)
    assert moved.annotator == third
    assert not Assignment.objects.filter(annotator=annotators[0]).exists()
    moved.state = Assignment.State.SUBMITTED
    moved.save()
    with pytest.raises(InvalidRequest, match="submitted"):
        reassign(moved, annotators[0])


def test_send_back_needs_a_reviewer_a_submitted_article_and_a_comment(
    project, annotators, reviewer
):
    make_article(project, ["Une phrase."])
    assign_articles(project)
    assignment = Assignment.objects.first()
    with pytest.raises(InvalidRequest, match="Only a submitted article"):
        send_back(assignment, "Relis.", actor=reviewer)
    assignment.state = Assignment.State.SUBMITTED
    assignment.save()
    with pytest.raises(NotAllowed):
        send_back(assignment, "Relis.", actor=annotators[1])
    with pytest.raises(InvalidRequest, match="Say what"):
        send_back(assignment, "  ", actor=reviewer)
    send_back(assignment, "Relis la phrase 2.", actor=reviewer)
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.RETURNED


def test_bulk_assignment_is_audited(project, annotators, lead):
    make_article(project, ["Une phrase."])
    assign_articles(project, actor=lead)
    events = AuditEvent.objects.filter(object_type="assignment", action="create")
    assert sorted(e.after["annotator"] for e in events) == ["ann1", "ann2"]
    assert {e.actor for e in events} == {lead}


def test_the_last_lead_cannot_leave_or_step_down(project, lead):
    with pytest.raises(InvalidRequest, match="at least one lead"):
        set_membership(project, lead, "annotator", actor=lead)
    with pytest.raises(InvalidRequest, match="at least one lead"):
        remove_membership(project, lead, actor=lead)
    other = member(project, "lead", "lead2")
    remove_membership(project, lead, actor=other)
    assert not project.memberships.filter(user=lead).exists()
