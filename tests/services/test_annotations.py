import pytest

from annotate.models import Annotation, Assignment, AuditEvent
from annotate.services.annotations import clear_annotation, save_annotation
from annotate.services.assignments import submit
from annotate.services.errors import Conflict, InvalidRequest, NotAllowed
from tests.factories import assigned_article, member


@pytest.fixture
def span(project, annotators):
    article = assigned_article(project, annotators)
    return article.spans.get(order=1)


def test_first_save_creates_version_1_and_starts_the_assignment(span, annotators):
    annotation = save_annotation(annotators[0], span, labels=["attributed"], cue=[0, 4])
    assert (annotation.version, annotation.labels, annotation.cue) == (1, ["attributed"], (0, 4))
    assignment = Assignment.objects.get(article=span.article, annotator=annotators[0])
    assert assignment.state == Assignment.State.IN_PROGRESS


def test_update_with_current_version_bumps_it(span, annotators):
    first = save_annotation(annotators[0], span, labels=["attributed"])
    second = save_annotation(
        annotators[0], span, labels=["attributed", "speculative"], expected_version=first.version
    )
    assert second.version == 2
    assert Annotation.objects.get(pk=first.pk).labels == ["attributed", "speculative"]


def test_stale_version_conflicts_and_keeps_the_stored_value(span, annotators):
    save_annotation(annotators[0], span, labels=["attributed"])
    save_annotation(annotators[0], span, labels=["denied"], expected_version=1)
    with pytest.raises(Conflict) as caught:
        save_annotation(annotators[0], span, labels=["reported"], expected_version=1)
    assert caught.value.detail["current"]["labels"] == ["denied"]
    assert caught.value.detail["current"]["version"] == 2
    assert Annotation.objects.get(span=span, annotator=annotators[0]).labels == ["denied"]


def test_a_second_create_from_another_tab_conflicts(span, annotators):
    save_annotation(annotators[0], span, labels=["attributed"])
    with pytest.raises(Conflict):
        save_annotation(annotators[0], span, labels=["denied"], expected_version=None)


def test_bad_values_are_refused_with_reasons(span, annotators):
    with pytest.raises(InvalidRequest, match="exclusive"):
        save_annotation(annotators[0], span, labels=["reported", "denied"])
    with pytest.raises(InvalidRequest, match="not inside the span"):
        save_annotation(annotators[0], span, labels=["attributed"], cue=[0, 500])
    with pytest.raises(InvalidRequest, match="skipped span carries no labels"):
        save_annotation(annotators[0], span, labels=["attributed"], skip=True)
    assert not Annotation.objects.exists()


def test_only_assigned_annotators_may_save(span, project):
    outsider = member(project, "annotator", "ann3")
    with pytest.raises(NotAllowed):
        save_annotation(outsider, span, labels=["reported"])


def test_every_change_is_audited_with_before_and_after(span, annotators):
    save_annotation(annotators[0], span, labels=["attributed"])
    save_annotation(annotators[0], span, labels=["denied"], note="unsure", expected_version=1)
    clear_annotation(annotators[0], span, expected_version=2)
    events = list(AuditEvent.objects.filter(object_type="annotation").order_by("id"))
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[1].before["labels"] == ["attributed"]
    assert events[1].after["labels"] == ["denied"] and events[1].after["note"] == "unsure"
    assert events[2].after is None


def test_submit_needs_every_span_done_then_locks(span, annotators):
    article = span.article
    with pytest.raises(InvalidRequest, match="3 span"):
        submit(annotators[0], article)
    for other in article.spans.all():
        save_annotation(annotators[0], other, skip=True)
    submit(annotators[0], article)
    with pytest.raises(NotAllowed, match="submitted"):
        save_annotation(annotators[0], span, labels=["reported"], expected_version=1)
