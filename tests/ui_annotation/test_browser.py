"""The annotation screen in a real Chromium: keyboard labelling, saving, conflicts, escaping."""

import json

import pytest
from playwright.sync_api import expect

from annotate.models import Annotation, Assignment
from annotate.services.annotations import save_annotation
from tests.conftest import SAMPLE_GOLD
from tests.factories import assigned_article
from tests.ui_annotation.conftest import ARTIFACTS, open_annotator, sample_article, suggest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELECT_JS = """([spanId, needle]) => {
  // Select ``needle`` inside a span's text the way a mouse drag would.
  const box = document.querySelector(`#span-${spanId} .span-text`);
  const start = box.textContent.indexOf(needle);
  if (start < 0) throw new Error(`not found: ${needle}`);
  const end = start + needle.length;
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let pos = 0, node, started = false;
  while ((node = walker.nextNode())) {
    const length = node.textContent.length;
    if (!started && start < pos + length) { range.setStart(node, start - pos); started = true; }
    if (started && end <= pos + length) { range.setEnd(node, end - pos); break; }
    pos += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def gold_rows() -> list[dict]:
    return [json.loads(line) for line in SAMPLE_GOLD.read_text(encoding="utf-8").splitlines()]


def label_keys(project) -> dict[str, str]:
    return dict(project.label_schema.labels.values_list("name", "key"))


def wait_saved(page):
    expect(page.locator("#save-status")).to_have_text("All changes saved")


def current_row(page):
    return page.locator(".span[aria-current=true]")


def test_label_the_sample_article_with_the_keyboard_only(
    live_server, new_page, project, annotators
):
    ann1 = annotators[0]
    article = sample_article(project, ann1)
    spans = list(article.spans.order_by("order"))
    gold = gold_rows()
    assert [span.text for span in spans] == [row["text"] for row in gold]
    keys = label_keys(project)
    page = open_annotator(new_page(), live_server, project, article, "ann1")

    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the current span's focus is visible
    for index, (span, row) in enumerate(zip(spans, gold, strict=True)):
        expect(current_row(page)).to_have_attribute("id", f"span-{span.pk}")
        assert page.evaluate("document.activeElement.id") == f"span-{span.pk}"
        for kind, key in (("cue", "c"), ("source", "o")):
            if row[kind]:
                page.evaluate(SELECT_JS, [span.pk, row[kind]])
                page.keyboard.press(key)
        for label in row["labels"]:
            page.keyboard.press(keys[label])
        if index == 2:
            page.keyboard.press("n")
            page.keyboard.type("Refus de commenter : <pas> une citation")
            page.keyboard.press("Escape")
            expect(page.locator("#note-box")).to_be_hidden()
        page.keyboard.press("j")
    wait_saved(page)
    expect(page.locator("#progress-text")).to_have_text("26 / 26 spans done")

    stored = {a.span_id: a for a in Annotation.objects.filter(annotator=ann1)}
    for span, row in zip(spans, gold, strict=True):
        annotation = stored[span.pk]
        assert annotation.labels == sorted(row["labels"]), span.text
        for kind in ("cue", "source"):
            marked = getattr(annotation, kind)
            assert (span.text[marked[0] : marked[1]] if marked else None) == row[kind]
    assert stored[spans[2].pk].note == "Refus de commenter : <pas> une citation"

    page.reload()
    page.wait_for_selector("html[data-annotator-ready=true]")
    expect(page.locator("#progress-text")).to_have_text("26 / 26 spans done")
    expect(page.locator(".span.done")).to_have_count(26)
    expect(page.locator("#spans mark.cue")).to_have_count(sum(1 for row in gold if row["cue"]))
    expect(page.locator(f"#span-{spans[2].pk} .span-meta")).to_contain_text(
        "Note: Refus de commenter : <pas> une citation"
    )
    expect(page.locator(f"#span-{spans[2].pk} mark.source")).to_have_text(gold[2]["source"])
    expect(page.locator(f"#span-{spans[4].pk} .span-meta")).to_contain_text("2 attributed")
    expect(page.locator(f"#span-{spans[4].pk} .span-meta")).to_contain_text("3 speculative")

    expect(page.locator("#submit-button")).to_be_enabled()
    page.click("#submit-button")
    page.wait_for_url(f"{live_server.url}/p/{project.slug}/queue/")
    expect(page.locator(".messages")).to_contain_text("Submitted")
    assert Assignment.objects.get(article=article, annotator=ann1).state == "submitted"


def test_a_selection_survives_labelling_and_saving_its_span(
    live_server, new_page, project, annotators
):
    """Select the source, label the span (which saves and redraws it), then mark the
    source: the selection must still be there. Redrawing the span's text used to
    replace its text nodes and drop the selection."""
    ann1 = annotators[0]
    text = "Selon la préfecture, la route aurait été coupée."
    article = assigned_article(project, [ann1], [text])
    span = article.spans.get(order=1)
    page = open_annotator(new_page(), live_server, project, article, "ann1")
    page.keyboard.press("j")
    page.evaluate(SELECT_JS, [span.pk, "la préfecture"])

    page.keyboard.press(label_keys(project)["attributed"])
    wait_saved(page)
    page.keyboard.press("o")
    wait_saved(page)

    annotation = Annotation.objects.get(span=span, annotator=ann1)
    assert annotation.labels == ["attributed"]
    assert text[annotation.source_start : annotation.source_end] == "la préfecture"


def test_label_rules_undo_skip_suggestions_and_help(live_server, new_page, project, annotators):
    ann1 = annotators[0]
    article = assigned_article(project, [ann1], ["Selon X, il pleuvrait.", "Il neige."])
    first, second, third = article.spans.order_by("order")
    suggest(second, ["attributed", "speculative"], rationale="« selon » + conditionnel")
    page = open_annotator(new_page(), live_server, project, article, "ann1")

    def stored(span):
        wait_saved(page)
        annotation = Annotation.objects.get(span=span, annotator=ann1)
        return (annotation.labels, annotation.skip)

    for key in ("2", "3"):
        page.keyboard.press(key)
    assert stored(first) == (["attributed", "speculative"], False)
    page.keyboard.press("1")  # exclusive: clears the others
    assert stored(first) == (["reported"], False)
    page.keyboard.press("2")  # and a non-exclusive label clears the exclusive one
    assert stored(first) == (["attributed"], False)
    page.keyboard.press("u")
    assert stored(first) == (["reported"], False)
    page.keyboard.press("s")
    assert stored(first) == ([], True)
    page.keyboard.press("u")
    assert stored(first) == (["reported"], False)
    expect(page.locator("#label-reported, .label-button[data-label=reported]")).to_have_attribute(
        "aria-pressed", "true"
    )

    ghost = page.locator(f"#span-{second.pk} .chip.ghost")
    expect(ghost).to_have_text("suggested: attributed, speculative")
    expect(ghost).to_have_attribute("title", "« selon » + conditionnel")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#suggestion-rationale")).to_have_text("« selon » + conditionnel")
    page.keyboard.press("Enter")
    assert stored(second) == (["attributed", "speculative"], False)
    expect(ghost).to_have_count(0)

    page.keyboard.press("ArrowDown")
    expect(page.locator("#panel-suggestion")).to_be_hidden()
    page.click(".label-button[data-label=denied]")
    assert stored(third) == (["denied"], False)
    page.keyboard.press("ArrowUp")
    expect(current_row(page)).to_have_attribute("id", f"span-{second.pk}")

    page.keyboard.press("?")
    help_dialog = page.locator("#help")
    expect(help_dialog).to_be_visible()
    for text in ("reported", "attributed", "speculative", "denied", "Skip", "Undo", "cue"):
        expect(help_dialog).to_contain_text(text)
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()


def test_a_stale_write_shows_the_conflict_and_the_stored_value(
    live_server, new_page, project, annotators
):
    ann1 = annotators[0]
    article = assigned_article(project, [ann1], ["Selon X, il pleut."])
    title_span = article.spans.get(order=0)
    first = open_annotator(new_page(), live_server, project, article, "ann1")
    second = open_annotator(new_page(), live_server, project, article, "ann1")

    first.keyboard.press("2")
    wait_saved(first)
    second.keyboard.press("4")  # this page still believes the span is unlabelled

    alert = second.locator("#alerts .alert.conflict")
    expect(alert).to_contain_text("changed elsewhere")
    expect(alert).to_contain_text("Stored value now shown: attributed")
    expect(second.locator(f"#span-{title_span.pk} .span-meta")).to_contain_text("2 attributed")
    expect(second.locator(f"#span-{title_span.pk} .span-meta")).not_to_contain_text("denied")
    expect(second.locator(".label-button[data-label=attributed]")).to_have_attribute(
        "aria-pressed", "true"
    )
    wait_saved(second)
    stored = Annotation.objects.get(span=title_span, annotator=ann1)
    assert (stored.labels, stored.version) == (["attributed"], 1)

    # After the conflict the page holds the current version, so its next change saves.
    second.keyboard.press("3")
    wait_saved(second)
    stored.refresh_from_db()
    assert (stored.labels, stored.version) == (["attributed", "speculative"], 2)


def test_failed_saves_are_retried_and_shown(live_server, new_page, project, annotators):
    ann1 = annotators[0]
    article = assigned_article(project, [ann1], ["Il pleut."])
    title_span = article.spans.get(order=0)
    page = open_annotator(new_page(), live_server, project, article, "ann1")
    failures = {"left": 2}

    def flaky(route):
        if failures["left"] == 2:
            failures["left"] -= 1
            route.fulfill(status=502, body="Bad gateway")
        elif failures["left"] == 1:
            failures["left"] -= 1
            route.abort("connectionrefused")
        else:
            route.continue_()

    page.route("**/spans/*/annotation", flaky)
    page.keyboard.press("2")
    status = page.locator("#save-status")
    expect(status).to_have_attribute("data-state", "error")
    expect(status).to_contain_text("Unsaved changes")
    expect(page.locator(f"#span-{title_span.pk} .chip.unsaved")).to_be_visible()
    expect(status).to_have_text("All changes saved", timeout=15_000)
    assert Annotation.objects.get(span=title_span, annotator=ann1).labels == ["attributed"]
    assert failures["left"] == 0


def test_leaving_with_unsaved_changes_warns(live_server, new_page, project, annotators):
    ann1 = annotators[0]
    article = assigned_article(project, [ann1], ["Il pleut."])
    page = open_annotator(new_page(), live_server, project, article, "ann1")
    page.route("**/spans/*/annotation", lambda route: route.abort("internetdisconnected"))
    page.keyboard.press("3")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "error")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert not Annotation.objects.exists()


def test_scripts_in_article_and_note_are_shown_as_text(live_server, new_page, project, annotators):
    ann1 = annotators[0]
    evil = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
    article = assigned_article(project, [ann1], [f"Il a écrit {evil} hier."], title=evil)
    title_span, sentence = article.spans.order_by("order")
    save_annotation(ann1, title_span, skip=True, note="<b onmouseover=alert(3)>gras</b>")
    suggest(sentence, ["attributed"], rationale="<img src=x onerror=alert(4)>")
    page = new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_annotator(page, live_server, project, article, "ann1")

    page.keyboard.press("j")
    page.keyboard.press("n")
    page.keyboard.type("<img src=x onerror=alert(1)>")
    page.keyboard.press("Escape")
    wait_saved(page)
    page.reload()
    page.wait_for_selector("html[data-annotator-ready=true]")

    expect(page.locator(f"#span-{sentence.pk} .span-text")).to_have_text(f"Il a écrit {evil} hier.")
    expect(page.locator(f"#span-{sentence.pk} .span-meta")).to_contain_text(
        "Note: <img src=x onerror=alert(1)>"
    )
    expect(page.locator(f"#span-{title_span.pk} .span-meta")).to_contain_text(
        "Note: <b onmouseover=alert(3)>gras</b>"
    )
    expect(page.locator("#article-title")).to_have_text(evil)
    expect(page.locator("#suggestion-rationale")).to_have_text("<img src=x onerror=alert(4)>")
    expect(page.locator("#main img, #main b[onmouseover]")).to_have_count(0)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert Annotation.objects.get(span=sentence).note == "<img src=x onerror=alert(1)>"


def test_screenshots_at_desktop_and_tablet_width(live_server, new_page, project, annotators):
    ann1 = annotators[0]
    article = sample_article(project, ann1)
    spans = list(article.spans.order_by("order"))
    gold = gold_rows()
    for span, row in zip(spans[:5], gold[:5], strict=True):
        cue = span.text.find(row["cue"]) if row["cue"] else -1
        save_annotation(
            ann1,
            span,
            labels=row["labels"],
            cue=[cue, cue + len(row["cue"])] if cue >= 0 else None,
        )
    for span, row in zip(spans[5:12], gold[5:12], strict=True):
        suggest(span, row["labels"], rationale=f"cue « {row['cue'] or 'none'} »", confidence=0.7)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    desktop = open_annotator(new_page(1280, 800), live_server, project, article, "ann1")
    expect(current_row(desktop)).to_have_attribute("id", f"span-{spans[5].pk}")
    expect(desktop.locator("#guideline")).to_have_attribute("open", "")
    desktop.screenshot(path=str(ARTIFACTS / "annotate.png"))
    panel = desktop.locator("#span-panel").bounding_box()
    text = desktop.locator(".ann-article").bounding_box()
    assert text["x"] + text["width"] <= panel["x"]  # side by side at 1280
    assert panel["y"] >= 0 and panel["y"] + 100 < 800

    tablet = open_annotator(new_page(768, 1024), live_server, project, article, "ann1")
    expect(tablet.locator("#guideline")).not_to_have_attribute("open", "")
    tablet.screenshot(path=str(ARTIFACTS / "annotate-tablet.png"))
    width = tablet.evaluate("document.documentElement.scrollWidth")
    assert width <= 768  # nothing forces horizontal scrolling
    panel = tablet.locator("#span-panel").bounding_box()
    assert panel["y"] + panel["height"] == pytest.approx(1024, abs=2)  # docked at the bottom
    tablet.keyboard.press("2")
    wait_saved(tablet)
    assert Annotation.objects.get(span=spans[5], annotator=ann1).labels == ["attributed"]

    desktop.goto(f"{live_server.url}/p/{project.slug}/queue/")
    expect(desktop.locator(".queue-item")).to_contain_text("6 / 26 spans done")
    desktop.screenshot(path=str(ARTIFACTS / "queue.png"))
    desktop.click("#next-article")
    desktop.wait_for_url(f"**/articles/{article.pk}/annotate/")
