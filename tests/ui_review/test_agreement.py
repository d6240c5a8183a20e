"""The agreement dashboard, its downloads and the ``agreement`` command."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from annotate.models import Prediction
from annotate.selectors.agreement import project_agreement
from annotate.selectors.dashboard import CSV_COLUMNS, agreement_rows
from annotate.services.adjudication import accept_agreed, adjudicate
from tests.factories import make_project, make_user, member
from tests.ui_review import labelled_article, signed_in

R, A, S, D = ["reported"], ["attributed"], ["speculative"], ["denied"]
REPORT_KEYS = {
    "krippendorff_alpha",
    "observed_agreement",
    "fleiss_kappa",
    "per_label",
    "pairs",
    "annotators",
    "prelabeller",
    "over_time",
    "n_units",
    "n_annotators",
}


@pytest.fixture
def rated(project, annotators, reviewer):
    """Two articles three annotators mostly agree on, partly adjudicated and pre-labelled."""
    ann1, ann2 = annotators
    ann3 = member(project, "annotator", "ann3")
    first = labelled_article(project, {ann1: [R, A, S, D], ann2: [R, A, S, A], ann3: [R, A, D, D]})
    labelled_article(project, {ann1: [R, D, R], ann2: [R, D, A]})
    accept_agreed(reviewer, [first])
    adjudicate(reviewer, first.spans.get(order=3), labels=D)
    for span in first.spans.all():
        Prediction.objects.create(
            span=span, labeller="heuristic-fr", labeller_version="1", labels=A, confidence=0.6
        )
    return project


def url(name, project):
    return reverse(name, args=[project.slug])


def test_dashboard_renders_figures_bands_and_charts(rated, reviewer, client):
    report = project_agreement(rated)
    response = signed_in(client, reviewer).get(url("ui:agreement", rated))
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count("<svg") == 3 and page.count('role="img"') == 3
    assert '<title id="chart-labels-title">Krippendorff&#x27;s alpha per label</title>' in page
    assert f"{report['krippendorff_alpha']:.3f}" in page
    assert f"{report['fleiss_kappa']:.3f}" in page
    kappa = report["pairs"][0]["kappa"]
    assert f"{kappa:.3f}" in page
    for name in ("ann1", "ann2", "ann3", "reported", "denied"):
        assert name in page
    assert report["over_time"] and all(week in page for week in report["over_time"])
    # Every figure carries a reading sentence, and the bands are spelled out.
    assert page.count('class="reading"') >= 7
    assert "0.667–0.800 tentative" in page and "Landis &amp; Koch" in page


def test_undefined_figures_say_why(project, lead, client):
    page = signed_in(client, lead).get(url("ui:agreement", project)).content.decode()
    assert "not defined" in page
    assert "no span has two or more ratings yet" in page
    assert "no span has a pre-label yet" in page
    assert "No data yet" in page  # the empty charts say so rather than draw zeros


@pytest.mark.parametrize("role, status", [("viewer", 200), ("lead", 200), ("annotator", 403)])
def test_dashboard_is_for_leads_reviewers_and_viewers(project, client, role, status):
    user = member(project, role, f"the-{role}")
    client = signed_in(client, user)
    for name in ("ui:agreement", "ui:agreement_json", "ui:agreement_csv"):
        assert client.get(url(name, project)).status_code == status


def test_outsiders_do_not_see_the_dashboard(project, client):
    client = signed_in(client, make_user("stranger"))
    assert client.get(url("ui:agreement", project)).status_code == 404


def test_json_download_is_the_report(rated, reviewer, client):
    response = signed_in(client, reviewer).get(url("ui:agreement_json", rated))
    assert response["Content-Disposition"] == 'attachment; filename="demo-agreement.json"'
    data = json.loads(response.content)
    assert set(data) == REPORT_KEYS
    assert data == json.loads(json.dumps(project_agreement(rated)))
    assert data["n_annotators"] == 3 and data["prelabeller"]["n"] == 4


def test_csv_download_has_one_row_per_figure_matching_the_report(rated, reviewer, client):
    response = signed_in(client, reviewer).get(url("ui:agreement_csv", rated))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == CSV_COLUMNS
    report = project_agreement(rated)
    assert len(rows) == len(agreement_rows(report))
    found = {(r["section"], r["subject"], r["metric"]): r for r in rows}
    overall = found[("overall", "all", "krippendorff_alpha")]
    assert float(overall["value"]) == pytest.approx(report["krippendorff_alpha"])
    assert int(overall["n"]) == report["n_units"]
    pair = report["pairs"][0]
    row = found[("pairs", f"{pair['a']}|{pair['b']}", "kappa")]
    assert float(row["value"]) == pytest.approx(pair["kappa"]) and int(row["n"]) == pair["n"]
    ann1 = report["annotators"]["ann1"]
    row = found[("annotators", "ann1", "vs_gold_accuracy")]
    assert float(row["value"]) == pytest.approx(ann1["vs_gold_accuracy"])
    for label, figures in report["per_label"].items():
        value = found[("per_label", label, "alpha")]["value"]
        expected = figures["alpha"]
        assert value == "" if expected is None else float(value) == pytest.approx(expected)


def test_agreement_command_prints_the_report_as_json(rated):
    out = io.StringIO()
    call_command("agreement", "--project", rated.slug, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == REPORT_KEYS
    assert data == json.loads(json.dumps(project_agreement(rated)))


def test_agreement_command_prints_a_readable_table(rated):
    out = io.StringIO()
    call_command("agreement", "--project", rated.slug, stdout=out)
    text = out.getvalue()
    report = project_agreement(rated)
    assert f"Spans rated by two or more: {report['n_units']}; annotators: 3" in text
    assert f"{report['krippendorff_alpha']:.3f}" in text
    headings = ("Overall", "Per label", "Per annotator", "Pre-labeller", "Pairwise", "Over time")
    assert all(heading in text for heading in headings)
    assert "ann1 / ann2" in text


def test_agreement_command_on_an_empty_project_explains_missing_figures(db):
    project = make_project("empty")
    out = io.StringIO()
    call_command("agreement", "--project", project.slug, stdout=out)
    assert "not defined (no span has two or more ratings yet)" in out.getvalue()


def test_agreement_command_refuses_unknown_projects(db):
    with pytest.raises(CommandError, match="No project 'nope'"):
        call_command("agreement", "--project", "nope")
