"""The annotator's queue, annotation page and save endpoint through Django's test client."""

import json

import pytest
from django.test import Client

from annotate.models import Annotation, Assignment
from annotate.selectors.annotation_page import guideline_blocks, guideline_html
from annotate.services.annotations import save_annotation
from annotate.services.assignments import send_back, submit
from tests.factories import assigned_article, make_article, make_project, member
from tests.ui_annotation.conftest import suggest

# The page's fixed cost: session, user, project, membership, assignment+article,
# spans, annotations, predictions, labels. The bound must not grow with the spans.
PAGE_QUERY_BOUND = 9


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(project, article) -> str:
    return f"/p/{project.slug}/articles/{article.pk}/annotate/"


def save_url(project, span) -> str:
    return f"/p/{project.slug}/spans/{span.pk}/annotation"


def page_data(response) -> dict:
    """The JSON the page hands to its script (json_script)."""
    html = response.content.decode()
    start = html.index('<script id="annotator-data" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def ann1(annotators):
    return annotators[0]


@pytest.fixture
def article(project, annotators):
    return assigned_article(project, annotators, ["Selon X, il pleut.", "Il neige."])


# ------------------------------------------------------------------ queue


def test_queue_lists_only_the_users_assignments_with_progress(project, annotators):
    mine = assigned_article(project, [annotators[0]], title="Mon article")
    assigned_article(project, [annotators[1]], title="Article d'un autre")
    save_annotation(annotators[0], mine.spans.get(order=1), labels=["reported"])
    response = client_for(annotators[0]).get(f"/p/{project.slug}/queue/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mon article" in html
    assert "Article d&#x27;un autre" not in html and "Article d'un autre" not in html
    assert "1 / 3 spans done" in html
    assert "In progress" in html


def test_returned_articles_come_first_with_the_reviewers_comment(project, ann1, reviewer):
    first = assigned_article(project, [ann1], ["Une."], title="Premier")
    second = assigned_article(project, [ann1], ["Deux."], title="Second")
    for span in second.spans.all():
        save_annotation(ann1, span, skip=True)
    submit(ann1, second)
    assignment = Assignment.objects.get(article=second, annotator=ann1)
    send_back(assignment, "Revois <b>la phrase 2</b>.", actor=reviewer)
    html = client_for(ann1).get(f"/p/{project.slug}/queue/").content.decode()
    assert html.index("Second") < html.index("Premier")
    assert "Revois &lt;b&gt;la phrase 2&lt;/b&gt;." in html
    # "Next article" goes to the returned one: a reviewer is waiting on it.
    assert f'id="next-article" href="{page_url(project, second)}"' in html
    assert first.pk != second.pk


def test_next_article_skips_submitted_work(project, ann1):
    done = assigned_article(project, [ann1], ["Une."], title="Fait")
    todo = assigned_article(project, [ann1], ["Deux."], title="A faire")
    for span in done.spans.all():
        save_annotation(ann1, span, skip=True)
    submit(ann1, done)
    html = client_for(ann1).get(f"/p/{project.slug}/queue/").content.decode()
    assert f'id="next-article" href="{page_url(project, todo)}"' in html
    assert "Submitted" in html


def test_queue_is_hidden_from_outsiders_and_viewers(project):
    outsider = member(make_project("other"), "annotator", "outsider")
    viewer = member(project, "viewer", "viewer1")
    assert client_for(outsider).get(f"/p/{project.slug}/queue/").status_code == 404
    assert client_for(viewer).get(f"/p/{project.slug}/queue/").status_code == 403


def test_project_list_links_to_the_queue(project, ann1):
    html = client_for(ann1).get("/").content.decode()
    assert f'href="/p/{project.slug}/queue/"' in html


# ------------------------------------------------------------------ page access


def test_page_needs_an_assignment(project, article):
    unassigned = member(project, "annotator", "ann3")
    outsider = member(make_project("other"), "annotator", "outsider")
    assert client_for(unassigned).get(page_url(project, article)).status_code == 403
    assert client_for(outsider).get(page_url(project, article)).status_code == 404
    assert Client().get(page_url(project, article)).status_code == 302


def test_page_for_an_article_of_another_project_is_404(project, ann1):
    other = make_project("other")
    foreign = make_article(other, ["Ailleurs."])
    assert client_for(ann1).get(page_url(project, foreign)).status_code == 404


def test_page_shows_the_article_and_only_the_users_annotations(project, annotators, article):
    ann1, ann2 = annotators
    span = article.spans.get(order=1)
    save_annotation(ann1, span, labels=["attributed"], note="mine")
    save_annotation(ann2, span, labels=["denied"], note="NOTE-OF-ANN2")
    response = client_for(ann1).get(page_url(project, article))
    assert response.status_code == 200
    data = page_data(response)
    assert [s["text"] for s in data["spans"]] == ["Un titre", "Selon X, il pleut.", "Il neige."]
    assert data["annotations"][str(span.pk)]["labels"] == ["attributed"]
    assert [label["key"] for label in data["labels"]] == ["1", "2", "3", "4"]
    assert data["editable"] is True
    assert "NOTE-OF-ANN2" not in response.content.decode()


def test_submitted_article_is_read_only(project, ann1, article):
    for span in article.spans.all():
        save_annotation(ann1, span, skip=True)
    submit(ann1, article)
    response = client_for(ann1).get(page_url(project, article))
    assert page_data(response)["editable"] is False
    assert "read-only" in response.content.decode()
    assert 'id="submit-button"' not in response.content.decode()


# ------------------------------------------------------------------ suggestions


def test_suggestions_are_shown_with_their_rationale(project, ann1, article):
    span = article.spans.get(order=1)
    suggest(span, ["attributed"], rationale="RATIONALE-MARK selon")
    data = page_data(client_for(ann1).get(page_url(project, article)))
    assert data["suggestions"][str(span.pk)]["labels"] == ["attributed"]
    assert data["suggestions"][str(span.pk)]["rationale"] == "RATIONALE-MARK selon"


def test_blind_mode_leaves_suggestions_out_of_the_page(project, ann1, article):
    project.show_suggestions = False
    project.save()
    suggest(article.spans.get(order=1), ["attributed"], rationale="RATIONALE-MARK selon")
    response = client_for(ann1).get(page_url(project, article))
    assert response.status_code == 200
    assert "RATIONALE-MARK" not in response.content.decode()
    assert page_data(response)["suggestions"] == {}


# ------------------------------------------------------------------ query count


@pytest.mark.parametrize("n_spans", [10, 60])
def test_page_query_count_does_not_grow_with_spans(
    project, ann1, n_spans, django_assert_max_num_queries
):
    sentences = [f"Phrase numéro {i}, selon quelqu'un." for i in range(n_spans - 1)]
    article = assigned_article(project, [ann1], sentences)
    for span in article.spans.all():
        save_annotation(ann1, span, labels=["attributed"])
        suggest(span, ["attributed"])
    client = client_for(ann1)
    with django_assert_max_num_queries(PAGE_QUERY_BOUND):
        response = client.get(page_url(project, article))
    data = page_data(response)
    assert len(data["spans"]) == len(data["annotations"]) == len(data["suggestions"]) == n_spans


# ------------------------------------------------------------------ save endpoint


def test_save_creates_then_updates_with_the_version(project, ann1, article):
    span = article.spans.get(order=1)
    client = client_for(ann1)
    created = post_json(
        client, save_url(project, span), {"labels": ["attributed"], "cue": [0, 5], "note": "n"}
    )
    assert created.status_code == 200
    assert created.json()["annotation"]["version"] == 1
    assert created.json()["annotation"]["cue"] == [0, 5]
    updated = post_json(
        client,
        save_url(project, span),
        {"labels": ["attributed", "speculative"], "expected_version": 1},
    )
    assert updated.status_code == 200
    body = updated.json()["annotation"]
    assert (body["version"], body["labels"], body["cue"]) == (
        2,
        ["attributed", "speculative"],
        None,
    )
    stored = Annotation.objects.get(span=span, annotator=ann1)
    assert (stored.version, stored.labels) == (2, ["attributed", "speculative"])


def test_stale_version_gets_409_with_the_stored_value(project, ann1, article):
    span = article.spans.get(order=1)
    client = client_for(ann1)
    post_json(client, save_url(project, span), {"labels": ["attributed"]})
    post_json(client, save_url(project, span), {"labels": ["denied"], "expected_version": 1})
    stale = post_json(
        client, save_url(project, span), {"labels": ["reported"], "expected_version": 1}
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["error"] == "conflict"
    assert "changed elsewhere" in body["message"]
    assert (body["current"]["labels"], body["current"]["version"]) == (["denied"], 2)
    assert Annotation.objects.get(span=span, annotator=ann1).labels == ["denied"]


def test_invalid_label_combination_gets_400_with_a_reason(project, ann1, article):
    span = article.spans.get(order=1)
    response = post_json(
        client_for(ann1), save_url(project, span), {"labels": ["reported", "denied"]}
    )
    assert response.status_code == 400
    assert "exclusive" in response.json()["message"]
    assert not Annotation.objects.exists()


@pytest.mark.parametrize(
    "body, reason",
    [
        ({"labels": "attributed"}, "labels must be a list"),
        ({"labels": ["attributed"], "cue": [0]}, "cue must be"),
        ({"labels": ["attributed"], "expected_version": "1"}, "expected_version"),
        ({"labels": ["nonsense"]}, "unknown label"),
    ],
)
def test_malformed_bodies_get_400(project, ann1, article, body, reason):
    response = post_json(client_for(ann1), save_url(project, article.spans.get(order=1)), body)
    assert response.status_code == 400
    assert reason in response.json()["message"]


def test_skip_is_saved_without_labels(project, ann1, article):
    span = article.spans.get(order=2)
    response = post_json(
        client_for(ann1), save_url(project, span), {"skip": True, "note": "pas d'affirmation"}
    )
    assert response.status_code == 200
    stored = Annotation.objects.get(span=span, annotator=ann1)
    assert (stored.skip, stored.labels, stored.note) == (True, [], "pas d'affirmation")


def test_save_refuses_strangers_and_signed_out_clients(project, article):
    span = article.spans.get(order=1)
    unassigned = member(project, "annotator", "ann3")
    assert post_json(Client(), save_url(project, span), {"skip": True}).status_code == 401
    refused = post_json(client_for(unassigned), save_url(project, span), {"skip": True})
    assert refused.status_code == 403
    assert refused.json()["error"] == "forbidden"
    # A span addressed through a project the user is not in: the project is not revealed.
    other = make_project("other")
    wrong_project = post_json(client_for(unassigned), save_url(other, span), {"skip": True})
    assert wrong_project.status_code == 404
    assert not Annotation.objects.exists()


def test_save_needs_the_csrf_header(project, ann1, article):
    span = article.spans.get(order=1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ann1)
    client.get(page_url(project, article))
    token = client.cookies["csrftoken"].value
    refused = post_json(client, save_url(project, span), {"skip": True})
    assert refused.status_code == 403
    accepted = client.post(
        save_url(project, span),
        data=json.dumps({"skip": True}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200


# ------------------------------------------------------------------ submit


def test_submit_refuses_an_unfinished_article(project, ann1, article):
    save_annotation(ann1, article.spans.get(order=0), skip=True)
    response = client_for(ann1).post(
        f"/p/{project.slug}/articles/{article.pk}/submit/", follow=True
    )
    assert "2 span(s) still need a label or a skip" in response.content.decode()
    assert Assignment.objects.get(article=article, annotator=ann1).state != "submitted"


def test_submit_goes_to_the_next_article(project, ann1, article):
    following = assigned_article(project, [ann1], ["Suivant."], title="Suivant")
    for span in article.spans.all():
        save_annotation(ann1, span, labels=["reported"])
    response = client_for(ann1).post(f"/p/{project.slug}/articles/{article.pk}/submit/")
    assert response.status_code == 302
    assert response["Location"] == page_url(project, following)
    assert Assignment.objects.get(article=article, annotator=ann1).state == "submitted"


def test_submit_of_the_last_article_returns_to_the_queue(project, ann1, article):
    for span in article.spans.all():
        save_annotation(ann1, span, labels=["reported"])
    response = client_for(ann1).post(f"/p/{project.slug}/articles/{article.pk}/submit/")
    assert response["Location"] == f"/p/{project.slug}/queue/"


# ------------------------------------------------------------------ escaping


def test_article_text_and_guideline_are_escaped(project, ann1):
    project.guideline = "## Règles\n\n<script>alert('guide')</script> **gras**"
    project.save()
    article = assigned_article(
        project, [ann1], ["Il a dit </script><script>alert(1)</script> hier."], title="<b>T</b>"
    )
    html = client_for(ann1).get(page_url(project, article)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;guide&#x27;)&lt;/script&gt;" in html
    assert "<strong>gras</strong>" in html
    assert "&lt;b&gt;T&lt;/b&gt;" in html


def test_only_web_links_are_clickable(project, ann1):
    article = assigned_article(project, [ann1], ["Une."], url="javascript:alert(1)")
    html = client_for(ann1).get(page_url(project, article)).content.decode()
    assert "javascript:alert" not in html


def test_guideline_blocks_keep_structure_without_html():
    blocks = guideline_blocks(
        "# Titre\n\nUn **mot** et `code`.\n\n- un\n- deux\n  suite\n\n"
        "| a | b |\n|---|---|\n| 1 | <i>2</i> |"
    )
    assert [block["kind"] for block in blocks] == ["heading", "paragraph", "list", "table"]
    assert blocks[1]["parts"] == [
        {"style": "", "text": "Un "},
        {"style": "strong", "text": "mot"},
        {"style": "", "text": " et "},
        {"style": "code", "text": "code"},
        {"style": "", "text": "."},
    ]
    assert [item[0]["text"] for item in blocks[2]["items"]] == ["un", "deux suite"]
    assert blocks[3]["rows"] == [
        [[{"style": "", "text": "1"}], [{"style": "", "text": "<i>2</i>"}]]
    ]


def test_guideline_html_escapes_every_piece_of_text():
    html = guideline_html("## <b>Titre</b>\n\n| a | b |\n|---|---|\n| 1 | <i>2</i> |\n\n- `<x>`")
    assert (
        '<p class="guide-heading" role="heading" aria-level="4">&lt;b&gt;Titre&lt;/b&gt;</p>'
        in html
    )
    assert "<td>&lt;i&gt;2&lt;/i&gt;</td>" in html
    assert "<li><code>&lt;x&gt;</code></li>" in html
    assert "<b>" not in html and "<i>" not in html
