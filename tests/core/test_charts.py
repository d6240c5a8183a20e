"""Server-rendered SVG charts: well-formed, escaped, to scale, honest about gaps."""

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.core.charts import Threshold, bar_chart, line_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def rects(root):
    return root.findall("svg:rect", NS)


def texts(root, css: str) -> list[str]:
    # Only the text itself: a <title> child holds the tooltip.
    return [
        (node.text or "").strip()
        for node in root.findall("svg:text", NS)
        if css in node.get("class", "").split()
    ]


def bar_heights(svg: str) -> list[float]:
    return [float(rect.get("height")) for rect in rects(parse(svg))]


def test_bars_are_to_scale_and_carry_their_values_as_text():
    svg = bar_chart([("a", 1.0), ("b", 0.5), ("c", 0.25)], ident="c", title="T")
    one, half, quarter = bar_heights(svg)
    assert half == pytest.approx(one / 2, abs=0.1)
    assert quarter == pytest.approx(one / 4, abs=0.1)
    assert texts(parse(svg), "value") == ["1.00", "0.50", "0.25"]
    assert texts(parse(svg), "category") == ["a", "b", "c"]


def test_an_undefined_value_is_labelled_not_drawn_as_zero():
    root = parse(bar_chart([("a", 0.8), ("b", None)], ident="c", title="T"))
    assert len(rects(root)) == 1
    assert "not defined" in texts(root, "undefined")


def test_negative_values_grow_down_from_zero():
    root = parse(bar_chart([("pos", 0.5), ("neg", -0.5)], ident="c", title="T"))
    pos, neg = rects(root)
    zero = float(pos.get("y")) + float(pos.get("height"))
    assert float(neg.get("y")) == pytest.approx(zero, abs=0.1)
    assert float(neg.get("height")) == pytest.approx(float(pos.get("height")), abs=0.1)
    assert "negative" in neg.get("class")
    assert "-0.5" in texts(root, "tick")  # the axis widened to show it


def test_text_is_escaped():
    evil = '<script>alert("x")</script>&'
    svg = bar_chart([(evil, 0.5)], ident='x"><script>', title=evil, description=evil)
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text == evil
    assert root.find("svg:desc", NS).text == evil
    assert root.get("id") == "x---script-"
    assert root.findall(".//svg:script", NS) == []


def test_characters_xml_cannot_hold_are_dropped():
    root = parse(bar_chart([("a\x00b\x1fc\ud800", 0.5)], ident="c", title="T\x0b"))
    assert texts(root, "category") == ["abc"]
    assert root.find("svg:title", NS).text == "T"


def test_long_labels_are_shortened_with_the_full_text_as_tooltip():
    root = parse(bar_chart([("annotator-with-a-very-long-name", 0.5)], ident="c", title="T"))
    category = next(t for t in root.findall("svg:text", NS) if t.get("class") == "category")
    assert category.text.endswith("…") and len(category.text) <= 14
    assert category.find("svg:title", NS).text == "annotator-with-a-very-long-name"


def test_thresholds_are_dashed_lines_with_labels_at_their_height():
    svg = bar_chart([("a", 1.0)], ident="c", title="T", thresholds=[Threshold(0.8, "reliable")])
    root = parse(svg)
    line = next(n for n in root.findall("svg:line", NS) if n.get("class") == "threshold")
    bar = rects(root)[0]
    bottom = float(bar.get("y")) + float(bar.get("height"))
    expected = bottom - 0.8 * float(bar.get("height"))
    assert float(line.get("y1")) == pytest.approx(expected, abs=0.1)
    assert line.get("stroke-dasharray")
    assert texts(root, "threshold-label") == ["reliable (0.800)"]


def test_accessible_name_points_at_title_and_description():
    root = parse(bar_chart([], ident="chart-a", title="T", description="D"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-a-title chart-a-desc"
    assert texts(root, "empty") == ["No data yet"]


def test_a_line_breaks_at_undefined_points():
    points = [("w1", 0.5), ("w2", 0.6), ("w3", None), ("w4", 0.7), ("w5", 0.9)]
    root = parse(line_chart(points, ident="c", title="T"))
    lines = root.findall("svg:polyline", NS)
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len(root.findall("svg:circle", NS)) == 4
    assert texts(root, "undefined") == ["n/d"]


def test_line_points_rise_with_their_values():
    root = parse(line_chart([("w1", 0.2), ("w2", 0.9)], ident="c", title="T"))
    low, high = (float(c.get("cy")) for c in root.findall("svg:circle", NS))
    assert high < low  # SVG y grows downwards


def test_many_weeks_keep_the_axis_readable():
    points = [(f"2026-W{i:02d}", 0.5) for i in range(1, 41)]
    root = parse(line_chart(points, ident="c", title="T"))
    assert 0 < len(texts(root, "category")) <= 12


def test_output_is_deterministic():
    data = [("a", 0.3), ("b", None), ("c", 0.9)]
    assert bar_chart(data, ident="c", title="T") == bar_chart(data, ident="c", title="T")


values = st.one_of(st.none(), st.floats(min_value=-1, max_value=1, allow_nan=False))
series = st.lists(st.tuples(st.text(max_size=30), values), max_size=25)


@given(series)
def test_any_series_gives_well_formed_svg_inside_its_box(points):
    for draw in (bar_chart, line_chart):
        root = parse(draw(points, ident="p", title="T", width=400, height=200))
        for rect in rects(root):
            assert float(rect.get("y")) >= 0 and float(rect.get("height")) >= 0
            assert float(rect.get("y")) + float(rect.get("height")) <= 200
            assert 0 <= float(rect.get("x")) <= 400
        for circle in root.findall("svg:circle", NS):
            assert 0 <= float(circle.get("cy")) <= 200
        defined = sum(1 for _, value in points if value is not None)
        marks = rects(root) if draw is bar_chart else root.findall("svg:circle", NS)
        assert len(marks) == defined
