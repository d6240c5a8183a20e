from collections import Counter

import pytest

from annotate.models import Assignment
from annotate.services.assignments import assign_articles, reassign, send_back
from annotate.services.errors import InvalidRequest
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


def test_send_back_needs_a_comment(project, annotators):
    make_article(project, ["Une phrase."])
    assign_articles(project)
    assignment = Assignment.objects.first()
    with pytest.raises(InvalidRequest):
        send_back(assignment, "  ")
    send_back(assignment, "Relis la phrase 2.")
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.RETURNED
