import pytest
from django.utils import translation

from community import charts
from community.charts import Category, Series


def categories(count: int) -> list[Category]:
    return [Category(axis_label=f"d{n}", label=f"day {n}") for n in range(count)]


@pytest.mark.parametrize(
    ("peak", "step"), [(0, 1), (3, 1), (9, 5), (41, 20), (400, 100), (3950, 1000), (12_001, 5000)]
)
def test_gridlines_fall_on_round_numbers(peak, step):
    assert charts.nice_step(peak) == step


def test_stacked_bars_stand_on_the_axis_and_reach_their_total():
    chart = charts.bar_chart(
        slug="joins",
        title="New members",
        description="",
        category_heading="Day",
        categories=categories(3),
        series=[
            Series(name="China", color="#c8373d", values=[2, 0, 6]),
            Series(name="United States", color="#2f6f9f", values=[1, 0, 2]),
        ],
    )

    assert [tick.label for tick in chart.y_ticks] == ["0", "2", "4", "6", "8"]
    assert chart.total == 11
    # No rectangle for a zero; the third day's two bars stack to 8 of 8: the top of the plot.
    assert len(chart.bars) == 4
    third = [bar for bar in chart.bars if bar.x > chart.plot_left + 200]
    assert round(sum(bar.height for bar in third)) == round(chart.plot_bottom - chart.plot_top)
    assert min(bar.y for bar in third) == pytest.approx(chart.plot_top, abs=0.2)
    assert third[0].tooltip == "day 2 · China: 6"
    assert [[*row.values, row.total] for row in chart.table_rows] == [
        ["2", "1", "3"],
        ["0", "0", "0"],
        ["6", "2", "8"],
    ]


def test_a_line_has_a_dot_per_day_and_a_shaded_area_down_to_the_axis():
    chart = charts.line_chart(
        slug="conversations",
        title="Conversations",
        description="",
        category_heading="Day",
        categories=categories(30),
        series=[Series(name="Conversations", color="#b43d6b", values=list(range(30)))],
    )

    (line,) = chart.lines
    assert len(line.dots) == 30
    assert line.dots[0].y == chart.plot_bottom  # zero sits on the axis
    assert line.area.startswith(f"{line.dots[0].x},{chart.plot_bottom} ")
    assert line.dots[-1].tooltip == "day 29: 29"
    # At most five dates under the axis, the newest always among them.
    assert [tick.label for tick in chart.x_ticks] == ["d5", "d11", "d17", "d23", "d29"]


def test_numbers_are_written_the_way_the_reader_writes_them():
    with translation.override("en"):
        assert charts.formatted(12400) == "12,400"
    with translation.override("zh-hans"):
        assert charts.formatted(12400) == "12400"
