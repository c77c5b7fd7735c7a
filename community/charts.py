"""Series of counts into chart geometry (bars, stacked bars, a line) that templates draw as SVG.

Every coordinate is in the chart's own viewBox (WIDTH x HEIGHT): the SVG is drawn at the
width of its card and scales, so one geometry serves a 1280 px screen and a 390 px phone.
Labels come out formatted for the active language; the template only places them.
"""

import functools
import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH = 400
HEIGHT = 220
# Room around the plot for the value labels (left) and the date labels (below).
LEFT = 42
RIGHT = 16
TOP = 10
BOTTOM = 26
MAX_X_LABELS = 5
BAR_SHARE = 0.72  # of each category's band; the rest is the gap between bars


@dataclass(frozen=True)
class Category:
    """One place on the x axis: a short label under the axis and a full one for tables."""

    axis_label: str
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: list[int]


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    tooltip: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    tooltip: str


@dataclass(frozen=True)
class Line:
    color: str
    points: str  # "x,y x,y …" for <polyline>
    area: str  # the same points closed along the axis, for a light <polygon> under the line
    dots: list[Dot]


@dataclass(frozen=True)
class TableRow:
    label: str
    values: list[str]
    total: str


@dataclass
class Chart:
    """What a template needs to draw one chart and the data table beside it."""

    slug: str
    title: str
    description: str
    category_heading: str
    legend: list[Series]
    total: int
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    table_rows: list[TableRow] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    plot_top: float = TOP
    plot_bottom: float = HEIGHT - BOTTOM

    @property
    def has_series_columns(self) -> bool:
        """Whether the data table lists each series and a total (more than one series)."""
        return len(self.legend) > 1


def formatted(count: int) -> str:
    """A count as the active language writes it ("12,400" in English)."""
    return number_format(count, force_grouping=True)


def nice_step(peak: int, steps: int = 4) -> int:
    """Return a round step (1, 2, 5 × 10ⁿ) giving about `steps` gridlines up to `peak`."""
    if peak <= steps:
        return 1
    raw = peak / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(factor * magnitude for factor in (1, 2, 5, 10) if factor * magnitude >= raw)


class _Labels:
    """The chart's words and numbers in the active language, each looked up once per chart
    (a page holds hundreds of them, and every lookup asks the active language)."""

    def __init__(self, series_count: int):
        self.number = functools.cache(formatted)
        if series_count > 1:
            # Translators: a bar's tooltip on a chart: "Mar 3, 2025 · China: 12".
            self.tooltip = _("%(when)s · %(series)s: %(count)s")
        else:
            # Translators: a bar's tooltip on a chart: "Mar 3, 2025: 12".
            self.tooltip = _("%(when)s: %(count)s")

    def tooltip_for(self, category: Category, series: Series, count: int) -> str:
        return self.tooltip % {
            "when": category.label,
            "series": series.name,
            "count": self.number(count),
        }


def bar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    category_heading: str,
    categories: list[Category],
    series: list[Series],
) -> Chart:
    """Bars per category; with more than one series, stacked in the order given (first at
    the bottom)."""
    labels = _Labels(len(series))
    chart = _frame(slug, title, description, category_heading, categories, series, labels)
    stack_peak = max(
        (sum(column) for column in zip(*(s.values for s in series), strict=True)), default=0
    )
    top = _axis(chart, stack_peak, labels)
    band = (chart.plot_right - chart.plot_left) / max(len(categories), 1)
    width = band * BAR_SHARE
    plot_height = chart.plot_bottom - chart.plot_top
    for index, category in enumerate(categories):
        floor = chart.plot_bottom
        for one in series:
            value = one.values[index]
            if not value:
                continue
            height = value / top * plot_height
            floor -= height
            chart.bars.append(
                Bar(
                    x=_round(chart.plot_left + index * band + (band - width) / 2),
                    y=_round(floor),
                    width=_round(width),
                    height=_round(height),
                    color=one.color,
                    tooltip=labels.tooltip_for(category, one, value),
                )
            )
    return chart


def line_chart(
    *,
    slug: str,
    title: str,
    description: str,
    category_heading: str,
    categories: list[Category],
    series: list[Series],
) -> Chart:
    """One line per series, a dot on each category."""
    labels = _Labels(len(series))
    chart = _frame(slug, title, description, category_heading, categories, series, labels)
    top = _axis(chart, max((max(s.values, default=0) for s in series), default=0), labels)
    band = (chart.plot_right - chart.plot_left) / max(len(categories), 1)
    plot_height = chart.plot_bottom - chart.plot_top
    for one in series:
        dots = [
            Dot(
                x=_round(chart.plot_left + (index + 0.5) * band),
                y=_round(chart.plot_bottom - value / top * plot_height),
                tooltip=labels.tooltip_for(category, one, value),
            )
            for index, (category, value) in enumerate(zip(categories, one.values, strict=True))
        ]
        points = " ".join(f"{dot.x},{dot.y}" for dot in dots)
        bottom = chart.plot_bottom
        area = f"{dots[0].x},{bottom} {points} {dots[-1].x},{bottom}" if dots else ""
        chart.lines.append(Line(color=one.color, points=points, area=area, dots=dots))
    return chart


def _frame(slug, title, description, category_heading, categories, series, labels) -> Chart:
    """The parts every kind of chart shares: legend, totals, the data table, date labels."""
    columns = list(zip(*(one.values for one in series), strict=True)) or [()] * len(categories)
    chart = Chart(
        slug=slug,
        title=title,
        description=description,
        category_heading=category_heading,
        legend=series,
        total=sum(sum(one.values) for one in series),
        table_rows=[
            TableRow(
                label=category.label,
                values=[labels.number(value) for value in column],
                total=labels.number(sum(column)),
            )
            for category, column in zip(categories, columns, strict=True)
        ],
    )
    band = (chart.plot_right - chart.plot_left) / max(len(categories), 1)
    every = math.ceil(len(categories) / MAX_X_LABELS) or 1
    # Counted back from the newest category, which is the one people look for.
    for index in range(len(categories) - 1, -1, -every):
        chart.x_ticks.insert(
            0,
            Tick(
                x=_round(chart.plot_left + (index + 0.5) * band),
                y=chart.plot_bottom + 17,
                label=categories[index].axis_label,
            ),
        )
    return chart


def _axis(chart: Chart, peak: int, labels: _Labels) -> int:
    """Add the value gridlines to `chart` and return the value at the top of the plot."""
    step = nice_step(peak)
    top = max(math.ceil(peak / step) * step, step)
    plot_height = chart.plot_bottom - chart.plot_top
    for value in range(0, top + 1, step):
        chart.y_ticks.append(
            Tick(
                x=chart.plot_left - 6,
                y=_round(chart.plot_bottom - value / top * plot_height),
                label=labels.number(value),
            )
        )
    return top


def _round(value: float) -> float:
    return round(value, 1)
