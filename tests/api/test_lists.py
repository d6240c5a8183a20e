"""Lists: what each role sees, cursor pagination and filters."""

from urllib.parse import parse_qs, urlparse

from django.urls import reverse

from annotate.models import AuditEvent, ImportBatch
from annotate.services.annotations import save_annotation
from tests import factories

from .conftest import token_client


def articles_url(project):
    return reverse("api:articles", kwargs={"slug": project.slug})


def collect(client, url, params=None):
    """Every item of a cursor-paginated list, and the number of pages read."""
    items, pages = [], 0
    response = client.get(url, params or {})
    while True:
        pages += 1
        data = response.json()
        items.extend(data["results"])
        if not data["next"]:
            return items, pages
        assert "cursor=" in data["next"]
        response = client.get(data["next"])


def test_cursor_pagination_walks_every_article_once(project, lead):
    made = [factories.make_article(project, ["Une phrase."], title=f"A{i}") for i in range(7)]
    client = token_client(lead)
    first = client.get(articles_url(project), {"page_size": 3}).json()
    assert len(first["results"]) == 3 and first["previous"] is None
    assert parse_qs(urlparse(first["next"]).query)["page_size"] == ["3"]
    items, pages = collect(client, articles_url(project), {"page_size": 3})
    assert [a["id"] for a in items] == [a.pk for a in made]
    assert pages == 3
    assert items[0]["n_spans"] == 2


def test_invalid_cursor_is_404_in_the_shared_shape(project, lead):
    response = token_client(lead).get(articles_url(project), {"cursor": "garbage"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_spans_are_paged_in_reading_order_with_text(project, lead):
    sentences = [f"Phrase numéro {i}." for i in range(5)]
    article = factories.make_article(project, sentences, title="Titre")
    url = reverse("api:spans", kwargs={"slug": project.slug, "article_id": article.pk})
    items, pages = collect(token_client(lead), url, {"page_size": 2})
    assert pages == 3
    assert [s["text"] for s in items] == ["Titre", *sentences]
    assert [s["kind"] for s in items][:2] == ["title", "body"]


def test_article_filters(project, lead):
    batch = ImportBatch.objects.create(project=project, file_name="f.jsonl")
    factories.make_article(project, ["x."], title="Le Monde fr", outlet="Le Monde", batch=batch)
    factories.make_article(project, ["x."], title="Libé fr", outlet="Libération")
    factories.make_article(project, ["x."], title="Guardian en", outlet="Guardian", language="en")
    client = token_client(lead)

    def titles(**params):
        return sorted(
            a["title"] for a in client.get(articles_url(project), params).json()["results"]
        )

    assert titles(outlet="Le Monde") == ["Le Monde fr"]
    assert titles(language="en") == ["Guardian en"]
    assert titles(batch=batch.pk) == ["Le Monde fr"]
    assert titles(language="fr", outlet="Guardian") == []
    assert len(titles()) == 3


def test_annotators_see_only_assigned_articles(project, annotators):
    mine = factories.assigned_article(project, annotators[:1], title="Mine")
    theirs = factories.assigned_article(project, annotators[1:], title="Theirs")
    client = token_client(annotators[0])
    assert [a["title"] for a in client.get(articles_url(project)).json()["results"]] == ["Mine"]
    detail = reverse("api:article", kwargs={"slug": project.slug, "article_id": theirs.pk})
    assert client.get(detail).status_code == 404
    own = reverse("api:article", kwargs={"slug": project.slug, "article_id": mine.pk})
    assert client.get(own).json()["cleaned_text"].startswith("Mine")


def test_audit_log_is_newest_first_filterable_and_for_leads(project, lead, annotators, reviewer):
    article = factories.assigned_article(project, annotators)
    span = article.spans.first()
    save_annotation(annotators[0], span, labels=["denied"])
    save_annotation(annotators[0], span, labels=["speculative"], expected_version=1)
    url = reverse("api:audit", kwargs={"slug": project.slug})
    items, _ = collect(token_client(lead), url, {"object_type": "annotation", "page_size": 1})
    assert [e["action"] for e in items] == ["update", "create"]
    assert items[0]["before"]["labels"] == ["denied"]
    assert items[0]["after"]["labels"] == ["speculative"]
    assert items[0]["actor"] == "ann1"
    every = AuditEvent.objects.filter(project=project).count()
    assert len(collect(token_client(lead), url)[0]) == every
    assert token_client(reviewer).get(url).status_code == 403


def test_time_filters_take_any_iso_offset_and_refuse_nonsense(project, lead, annotators):
    article = factories.assigned_article(project, annotators)
    save_annotation(annotators[0], article.spans.first(), labels=["denied"])
    client = token_client(lead)
    url = reverse("api:audit", kwargs={"slug": project.slug})
    # +19:08 is valid ISO 8601 but beyond PostgreSQL's range of offsets.
    far = client.get(url, {"since": "2960-06-11T21:38:05+19:08"})
    assert far.status_code == 200 and far.json()["results"] == []
    past = client.get(url, {"since": "2000-01-01T00:00:00+19:08"})
    assert len(past.json()["results"]) >= 1
    bad = client.get(url, {"since": "yesterday"})
    assert bad.status_code == 400 and bad.json()["error"]["code"]


def test_annotation_filters(project, annotators, reviewer):
    first = factories.assigned_article(project, annotators)
    second = factories.assigned_article(project, annotators)
    save_annotation(annotators[0], first.spans.first(), labels=["denied"])
    save_annotation(annotators[1], first.spans.first(), skip=True)
    save_annotation(annotators[1], second.spans.first(), labels=["reported"])
    url = reverse("api:annotations", kwargs={"slug": project.slug})
    client = token_client(reviewer)

    def who(**params):
        return sorted(
            (a["annotator"], a["article"]) for a in client.get(url, params).json()["results"]
        )

    assert who(article=first.pk) == [("ann1", first.pk), ("ann2", first.pk)]
    assert who(annotator="ann2") == [("ann2", first.pk), ("ann2", second.pk)]
    assert who(skip="true") == [("ann2", first.pk)]
