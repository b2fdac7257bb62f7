"""Weekly theme counts, their signals, and anecdotes that disagree with a metric."""

from __future__ import annotations

import datetime as dt

from dayone.customers import disagreements, theme_trends, week_ends, weekly_counts
from dayone.wbr import Signal

LAST = dt.date(2026, 6, 27)


def _dates(per_week: list[int]) -> list[dt.date]:
    ends = week_ends(LAST, len(per_week))
    return [
        end - dt.timedelta(days=n % 7)
        for end, count in zip(ends, per_week, strict=True)
        for n in range(count)
    ]


def test_weekly_counts_put_each_date_in_its_week() -> None:
    ends = week_ends(LAST, 3)
    assert ends == (dt.date(2026, 6, 13), dt.date(2026, 6, 20), LAST)
    dates = [
        dt.date(2026, 6, 7),
        dt.date(2026, 6, 13),
        dt.date(2026, 6, 14),
        LAST,
        dt.date(2026, 6, 6),
    ]
    keys, matrix = weekly_counts(dates, [1, 1, 2, 2, 1], ends=ends)
    assert keys == [1, 2]
    assert matrix.tolist() == [[2, 0], [0, 1], [0, 1]]
    keys, matrix = weekly_counts(dates, [1, 1, 2, 2, 1], ends=ends, keys=[3])
    assert keys == [1, 2, 3]
    assert matrix[:, 2].tolist() == [0, 0, 0]


def test_a_theme_that_triples_is_a_signal_and_disagrees_with_a_flat_metric() -> None:
    steady = [10, 12, 9, 11, 10, 13, 9, 11, 10, 12, 11, 10, 9, 11]
    rising = [*steady[:-3], 30, 33, 36]
    dates = _dates(rising) + _dates(steady)
    themes = [1] * sum(rising) + [2] * sum(steady)
    ends = week_ends(LAST, len(steady))
    keys, matrix = weekly_counts(dates, themes, ends=ends)
    trends = theme_trends(keys, matrix, ends=ends)
    by_theme = {t.theme: t for t in trends}
    assert by_theme[1].rising
    assert not by_theme[2].rising
    assert by_theme[1].counts[-1] == 36

    found = disagreements(
        trends,
        {1: ["contacts_per_order", "wait_time"], 2: ["orders"]},
        {
            "contacts_per_order": (),
            "wait_time": (Signal(week_ending=LAST, value=9.0, rule="above_upper_limit"),),
            "orders": (),
        },
    )
    assert [(d.theme, d.metric) for d in found] == [(1, "contacts_per_order")]
    assert found[0].ratio > 2.5
    assert found[0].baseline < 12
    assert found[0].week_ending <= LAST


def test_too_few_weeks_have_no_limits() -> None:
    ends = week_ends(LAST, 4)
    keys, matrix = weekly_counts(_dates([1, 2, 3, 4]), [5] * 10, ends=ends)
    [trend] = theme_trends(keys, matrix, ends=ends)
    assert trend.limits is None
    assert not trend.rising
    assert disagreements([trend], {5: ["orders"]}, {"orders": ()}) == []
