"""Adjudicating an article with the keyboard in real Chromium."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from annotate.models import Adjudication, Assignment, Prediction
from annotate.services.annotations import save_annotation
from annotate.services.assignments import submit
from tests.factories import member
from tests.ui_review import labelled_article

playwright = pytest.importorskip("playwright.sync_api")

from tests.browser import ARTIFACTS  # noqa: E402

R, A, S, D = ["reported"], ["attributed"], ["speculative"], ["denied"]


@pytest.fixture
def browser_page(transactional_db, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    yield context
    context.close()


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
def test_adjudicate_an_article_with_the_keyboard(browser_page, live_server, project, reviewer):
    ann1, ann2, ann3 = (member(project, "annotator", f"ann{i}") for i in (1, 2, 3))
    article = labelled_article(
        project,
        {ann1: [R, A, S], ann2: [R, A, D], ann3: [R, R, "skip"]},
        sentences=[
            "Selon le ministère, l'attaque a eu lieu mardi.",
            "Moscou aurait démenti toute implication.",
        ],
        title="Ukraine : entretiens confidentiels",
        outlet="Le Monde",
    )
    majority, disputed = article.spans.get(order=1), article.spans.get(order=2)
    # ann1 marks cue and source and leaves a note on span 1; a pre-label sits beside.
    Assignment.objects.filter(article=article, annotator=ann1).update(state="returned")
    save_annotation(
        ann1, majority, labels=A, cue=(0, 5), source=(6, 18), note="<b>sic</b>", expected_version=1
    )
    submit(ann1, article)
    Prediction.objects.create(
        span=majority, labeller="heuristic-fr", labeller_version="1", labels=A, confidence=0.7
    )
    sign_in(browser_page, live_server, reviewer)
    page = browser_page.new_page()
    page.goto(live_server.url + reverse("ui:review_article", args=[project.slug, article.pk]))

    # The unanimous title is folded away; the first span shown is selected.
    assert not page.locator(f"#span-{article.spans.get(order=0).pk}").is_visible()
    page.wait_for_selector(f"#span-{majority.pk}.current")

    page.keyboard.press("m")
    gold = page.locator(f"#span-{majority.pk} [data-gold]")
    playwright.expect(gold).to_contain_text("basis: majority")
    # After a decision the next span is selected: label it by hand.
    page.wait_for_selector(f"#span-{disputed.pk}.current")
    for key in ("1", "3", "4"):  # "reported" is exclusive: 3 and 4 clear it
        page.keyboard.press(key)
    ticked = page.locator(f"#span-{disputed.pk} input[name=labels]:checked")
    playwright.expect(ticked).to_have_count(2)
    reported = page.locator(f"#span-{disputed.pk} input[value=reported]")
    playwright.expect(reported).not_to_be_checked()
    page.keyboard.press("Enter")
    playwright.expect(page.locator(f"#span-{disputed.pk} [data-gold]")).to_contain_text(
        "basis: reviewer (rev1)"
    )

    # An action the service refuses is shown to the reviewer.
    page.keyboard.press("m")
    playwright.expect(page.get_by_role("alert")).to_contain_text("no majority")
    assert "<b>sic</b>" in page.locator(f"#span-{majority.pk} .note").inner_text()

    page.keyboard.press("a")  # accept the folded unanimous span too
    playwright.expect(page.locator("[data-decided]")).to_have_text("3")
    page.get_by_role("button", name="Show agreed spans (1)").click()
    playwright.expect(page.locator(f"#span-{article.spans.get(order=0).pk}")).to_be_visible()

    gold = {a.span.order: (a.labels, a.skip, a.basis) for a in Adjudication.objects.all()}
    assert gold == {
        0: (R, False, "unanimous"),
        1: (A, False, "majority"),
        2: (["denied", "speculative"], False, "reviewer"),
    }

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)

    page.keyboard.press("?")
    playwright.expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    playwright.expect(page.get_by_role("dialog")).to_be_hidden()
