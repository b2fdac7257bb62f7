"""Fiscal calendar arithmetic: weeks ending on any weekday, fiscal years ending in any month.

A week belongs to the fiscal year that holds its first day; week 1 is the first week that starts
inside the fiscal year. A fiscal year therefore has 52 or 53 weeks, and week 53 is a real week.

>>> import datetime as dt
>>> week_number(dt.date(2021, 9, 25), fiscal_year_end_month=12)
38
>>> week_number(dt.date(2023, 12, 30), fiscal_year_end_month=12)
52
>>> week_number(dt.date(2024, 1, 6), fiscal_year_end_month=12)
53
"""

from __future__ import annotations

import calendar
import datetime as dt

DAY = dt.timedelta(days=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def one_year_back(day: dt.date) -> dt.date:
    """The same calendar day a year earlier (29 February becomes 28 February)."""
    return add_months(day, -12)


def fiscal_year_start(day: dt.date, fiscal_year_end_month: int) -> dt.date:
    """The first day of the fiscal year that holds ``day``."""
    start_month = fiscal_year_end_month % 12 + 1
    year = day.year if day.month >= start_month else day.year - 1
    if start_month == 1:
        year = day.year
    return dt.date(year, start_month, 1)


def fiscal_quarter_start(day: dt.date, fiscal_year_end_month: int) -> dt.date:
    """The first day of the fiscal quarter that holds ``day``."""
    start = fiscal_year_start(day, fiscal_year_end_month)
    months = (day.year - start.year) * 12 + day.month - start.month
    return add_months(start, months - months % 3)


def fiscal_year_label(day: dt.date, fiscal_year_end_month: int) -> int:
    """The fiscal year of ``day``, named after the calendar year in which it ends."""
    start = fiscal_year_start(day, fiscal_year_end_month)
    return start.year if fiscal_year_end_month == 12 else start.year + 1


def _first_week_start(fy_start: dt.date, week_end_weekday: int) -> dt.date:
    start_weekday = (week_end_weekday + 1) % 7
    return fy_start + dt.timedelta(days=(start_weekday - fy_start.weekday()) % 7)


def week_number(week_ending: dt.date, *, fiscal_year_end_month: int = 12) -> int:
    """The fiscal week number (1 to 53) of the week that ends on ``week_ending``."""
    first_day = week_ending - 6 * DAY
    fy_start = fiscal_year_start(first_day, fiscal_year_end_month)
    first = _first_week_start(fy_start, week_ending.weekday())
    if first_day < first:
        fy_start = add_months(fy_start, -12)
        first = _first_week_start(fy_start, week_ending.weekday())
    return (first_day - first).days // 7 + 1


def week_labels(
    week_ending: dt.date,
    count: int,
    *,
    fiscal_year_end_month: int = 12,
    declared_number: int | None = None,
) -> list[str]:
    """Labels ``wk N`` for the ``count`` weeks that end at ``week_ending``, oldest first.

    With ``declared_number`` (a config's ``week_number``) the last week carries that number and
    earlier weeks count back, wrapping at the real length (52 or 53) of the previous year.
    """
    ends = [week_ending - 7 * DAY * (count - 1 - i) for i in range(count)]
    numbers = [week_number(e, fiscal_year_end_month=fiscal_year_end_month) for e in ends]
    if declared_number is not None:
        shift = declared_number - numbers[-1]
        shifted: list[int] = []
        for end, number in zip(ends, numbers, strict=True):
            value = number + shift
            if value < 1:
                previous = week_number(
                    end - 7 * DAY * (number - 1) - 7 * DAY,
                    fiscal_year_end_month=fiscal_year_end_month,
                )
                value += previous
            shifted.append(value)
        numbers = shifted
    return [f"wk {n}" for n in numbers]


def latest_week_ending(last_date: dt.date, weekday: int) -> dt.date:
    """The latest date on or before ``last_date`` that falls on ``weekday`` (0 = Monday)."""
    return last_date - dt.timedelta(days=(last_date.weekday() - weekday) % 7)


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
