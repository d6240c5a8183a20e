"""Small server-rendered SVG charts (bars and lines) from plain numbers.

Pure functions: plain values in, an SVG string out, every piece of text escaped
here, so the markup is safe to embed in a page as is. Values are coefficients
such as kappa or alpha: None means "not defined" and is drawn as a labelled gap,
never as zero. Each mark carries its value as text (and a tooltip title), so
colour is never the only way to read a chart.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as _html_escape

WIDTH = 640
HEIGHT = 260
# Room for the value axis on the left, category labels below, values above.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 16, 22, 46
MAX_LABEL_CHARS = 14
MAX_X_LABELS = 12
UNDEFINED = "not defined"
# Characters XML 1.0 cannot hold at all, even escaped: C0 controls but tab and
# newlines, surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Point = tuple[str, float | None]


@dataclass(frozen=True)
class Threshold:
    """A reference line across the chart, e.g. Krippendorff's 0.667 "tentative" cut."""

    value: float
    label: str


@dataclass(frozen=True)
class _Frame:
    """Plot geometry: where the value range and the categories land in pixels."""

    width: int
    height: int
    low: float
    high: float

    @property
    def left(self) -> float:
        return MARGIN_LEFT

    @property
    def right(self) -> float:
        return self.width - MARGIN_RIGHT

    @property
    def top(self) -> float:
        return MARGIN_TOP

    @property
    def bottom(self) -> float:
        return self.height - MARGIN_BOTTOM

    def y(self, value: float) -> float:
        """Pixel height of ``value``; higher values sit higher on the page."""
        share = (value - self.low) / (self.high - self.low)
        return self.bottom - share * (self.bottom - self.top)

    def slot(self, index: int, count: int) -> tuple[float, float]:
        """Left edge and width of the ``index``-th of ``count`` equal category slots."""
        width = (self.right - self.left) / count
        return self.left + index * width, width


def bar_chart(
    bars: Sequence[Point],
    *,
    ident: str,
    title: str,
    description: str = "",
    low: float = 0.0,
    high: float = 1.0,
    thresholds: Sequence[Threshold] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """One bar per ``(label, value)``; bars grow from zero (down for negative values)."""
    frame = _frame(bars, low, high, width, height)
    parts = _axes(frame) + _thresholds(frame, thresholds)
    if not bars:
        parts.append(_no_data(frame))
    for index, (label, value) in enumerate(bars):
        parts += _bar(frame, index, len(bars), label, value)
    return _svg(ident, title, description, frame, parts)


def line_chart(
    points: Sequence[Point],
    *,
    ident: str,
    title: str,
    description: str = "",
    low: float = 0.0,
    high: float = 1.0,
    thresholds: Sequence[Threshold] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """A line through ``(label, value)`` points in order; a None value breaks the line."""
    frame = _frame(points, low, high, width, height)
    parts = _axes(frame) + _thresholds(frame, thresholds)
    if not points:
        parts.append(_no_data(frame))
    centres = [_centre(frame, index, len(points)) for index in range(len(points))]
    for run in _defined_runs(points):
        coords = " ".join(f"{_num(centres[i])},{_num(frame.y(points[i][1]))}" for i in run)
        parts.append(f'<polyline class="line" fill="none" points="{coords}"/>')
    step = max(1, math.ceil(len(points) / MAX_X_LABELS))
    for index, (label, value) in enumerate(points):
        parts += _point(frame, centres[index], label, value, show_label=index % step == 0)
    return _svg(ident, title, description, frame, parts)


def _frame(points: Sequence[Point], low: float, high: float, width: int, height: int) -> _Frame:
    """Widen the requested range so every defined value (and zero) fits."""
    values = [value for _, value in points if value is not None and math.isfinite(value)]
    low = min([low, 0.0, *values])
    high = max([high, *values])
    if high <= low:
        high = low + 1.0
    return _Frame(width, height, low, high)


def _svg(ident: str, title: str, description: str, frame: _Frame, parts: list[str]) -> str:
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", ident) or "chart"
    labelled = f"{ident}-title {ident}-desc" if description else f"{ident}-title"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" role="img" '
        f'viewBox="0 0 {frame.width} {frame.height}" width="{frame.width}" '
        f'height="{frame.height}" aria-labelledby="{labelled}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
    )
    if description:
        head += f'<desc id="{ident}-desc">{escape(description)}</desc>'
    return head + "".join(parts) + "</svg>"


def _axes(frame: _Frame) -> list[str]:
    """Gridlines with their values at the range ends, at zero and at round steps."""
    parts = []
    for tick in _ticks(frame.low, frame.high):
        y = _num(frame.y(tick))
        css = "grid zero" if tick == 0 else "grid"
        parts.append(
            f'<line class="{css}" x1="{_num(frame.left)}" x2="{_num(frame.right)}" '
            f'y1="{y}" y2="{y}"/>'
            f'<text class="tick" x="{_num(frame.left - 6)}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle">{tick:.1f}</text>'
        )
    return parts


def _ticks(low: float, high: float) -> list[float]:
    step = 0.5 if high - low > 1.01 else 0.2
    first = math.ceil(round(low / step, 9)) * step
    count = int(math.floor(round((high - first) / step, 9))) + 1
    return [round(first + i * step, 6) for i in range(count)]


def _thresholds(frame: _Frame, thresholds: Sequence[Threshold]) -> list[str]:
    parts = []
    for threshold in thresholds:
        if not frame.low <= threshold.value <= frame.high:
            continue
        y = _num(frame.y(threshold.value))
        parts.append(
            f'<line class="threshold" x1="{_num(frame.left)}" x2="{_num(frame.right)}" '
            f'y1="{y}" y2="{y}" stroke-dasharray="4 3"/>'
            f'<text class="threshold-label" x="{_num(frame.right)}" '
            f'y="{_num(frame.y(threshold.value) - 3)}" '
            f'text-anchor="end">{escape(threshold.label)} ({threshold.value:.3f})</text>'
        )
    return parts


def _bar(frame: _Frame, index: int, count: int, label: str, value: float | None) -> list[str]:
    left, slot = _slot_box(frame, index, count)
    centre = left + slot / 2
    parts = [_category(frame, centre, label)]
    if value is None or not math.isfinite(value):
        parts.append(
            f'<text class="value undefined" x="{_num(centre)}" y="{_num(frame.y(0) - 4)}" '
            f'text-anchor="middle">{UNDEFINED}</text>'
        )
        return parts
    top, bottom = sorted((frame.y(value), frame.y(0)))
    tip = f"{label}: {value:.3f}"
    parts.append(
        f'<rect class="bar{" negative" if value < 0 else ""}" x="{_num(left)}" y="{_num(top)}" '
        f'width="{_num(slot)}" height="{_num(bottom - top)}"><title>{escape(tip)}</title></rect>'
    )
    value_y = top - 4 if value >= 0 else bottom + 12
    parts.append(
        f'<text class="value" x="{_num(centre)}" y="{_num(value_y)}" '
        f'text-anchor="middle">{value:.2f}</text>'
    )
    return parts


def _slot_box(frame: _Frame, index: int, count: int) -> tuple[float, float]:
    """Left edge and width of a bar: its slot minus a gap either side."""
    left, width = frame.slot(index, count)
    gap = min(width * 0.2, 12)
    return left + gap, width - 2 * gap


def _centre(frame: _Frame, index: int, count: int) -> float:
    left, width = frame.slot(index, count)
    return left + width / 2


def _point(frame: _Frame, x: float, label: str, value, *, show_label: bool) -> list[str]:
    parts = [_category(frame, x, label)] if show_label else []
    if value is None or not math.isfinite(value):
        tip = escape(f"{label}: {UNDEFINED}")
        parts.append(
            f'<text class="value undefined" x="{_num(x)}" y="{_num(frame.y(0) - 4)}" '
            f'text-anchor="middle">n/d<title>{tip}</title></text>'
        )
        return parts
    y = frame.y(value)
    parts.append(
        f'<circle class="point" cx="{_num(x)}" cy="{_num(y)}" r="3.5">'
        f"<title>{escape(f'{label}: {value:.3f}')}</title></circle>"
        f'<text class="value" x="{_num(x)}" y="{_num(y - 7)}" '
        f'text-anchor="middle">{value:.2f}</text>'
    )
    return parts


def _category(frame: _Frame, x: float, label: str) -> str:
    shown = label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
    return (
        f'<text class="category" x="{_num(x)}" y="{_num(frame.bottom + 16)}" '
        f'text-anchor="middle">{escape(shown)}<title>{escape(label)}</title></text>'
    )


def _no_data(frame: _Frame) -> str:
    x = (frame.left + frame.right) / 2
    y = (frame.top + frame.bottom) / 2
    return (
        f'<text class="empty" x="{_num(x)}" y="{_num(y)}" text-anchor="middle">No data yet</text>'
    )


def _defined_runs(points: Sequence[Point]) -> list[list[int]]:
    """Indices of consecutive defined values; a line is drawn through each run."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, (_, value) in enumerate(points):
        if value is not None and math.isfinite(value):
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def escape(text: str) -> str:
    """Text made safe for SVG content and attribute values."""
    return _html_escape(_NOT_XML.sub("", str(text)), quote=True)


def _num(value: float) -> str:
    """Pixel coordinates with one decimal: enough precision, stable output."""
    return f"{value:.1f}"
