"""Reading YAML with the line of every mapping and key, and the value parsers both formats share."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import yaml
from typing_extensions import override

from dayone.wbr._errors import ConfigError
from dayone.wbr._model import MONTHS, WEEKDAYS, MonthlyAxis, Show

_SUFFIXES: tuple[tuple[str, Show], ...] = (("YOY", "yoy"), ("WOW", "wow"), ("MOM", "mom"))


class LineMap(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class LineLoader(yaml.CSafeLoader):  # libyaml: the same marks, ten times faster
    @override
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = LineMap(
            {str(k): v for k, v in super().construct_mapping(node, deep=deep).items()}
        )
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            str(key.value): key.start_mark.line + 1
            for key, _ in node.value
            if hasattr(key, "value")
        }
        return mapping


LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    LineLoader.construct_mapping,
)


class Reader:
    """Helpers that raise :class:`ConfigError` with the file and line."""

    def __init__(self, file: str | None) -> None:
        self.file = file

    def fail(self, message: str, line: int | None) -> ConfigError:
        return ConfigError(message, file=self.file, line=line)

    def line_of(self, mapping: Any, key: str | None = None) -> int | None:
        if isinstance(mapping, LineMap):
            if key is not None and key in mapping.key_lines:
                return mapping.key_lines[key]
            return mapping.line
        return None

    def mapping(self, value: Any, what: str, line: int | None) -> LineMap:
        if not isinstance(value, LineMap):
            raise self.fail(f"{what} must be a mapping of names to settings", line)
        return value

    def text(self, mapping: LineMap, key: str, what: str) -> str | None:
        value = mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str | int | float):
            raise self.fail(f"{what}: '{key}' must be text", self.line_of(mapping, key))
        return str(value)

    def flag(self, mapping: LineMap, key: str, what: str, default: bool) -> bool:
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{what}: '{key}' must be true or false", self.line_of(mapping, key))
        return value


def parse_week_ending(value: Any, reader: Reader, line: int | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d-%b-%Y", "%Y-%m-%d", "%d %b %Y", "%d-%B-%Y"):
        try:
            return dt.datetime.strptime(text.title() if "%b" in fmt else text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise reader.fail(
        f"invalid week ending {text!r}: write a date such as 25-SEP-2021 or 2021-09-25", line
    )


def parse_month(value: Any, reader: Reader, line: int | None) -> int:
    text = str(value).strip().lower()
    if text == "":
        return 12
    for number, name in enumerate(MONTHS, start=1):
        if text in (name, name[:3]):
            return number
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    raise reader.fail(f"invalid fiscal year end month {value!r}: write a month such as DEC", line)


def parse_weekday(value: Any, reader: Reader, line: int | None) -> int:
    text = str(value).strip().lower()
    for number, name in enumerate(WEEKDAYS):
        if text in (name, name[:3]):
            return number
    raise reader.fail(f"invalid weekday {value!r}: write a day such as saturday", line)


def parse_monthly_axis(value: Any, reader: Reader, line: int | None) -> MonthlyAxis:
    text = str(value).strip()
    if text in ("trailing_twelve_months", "fiscal_year"):
        return cast("MonthlyAxis", text)
    raise reader.fail(
        f"invalid monthly axis {text!r}: expected trailing_twelve_months or fiscal_year", line
    )


def split_reference(name: str, metrics: set[str]) -> tuple[str, Show]:
    """``PageViewsYOY`` -> (``PageViews``, ``yoy``) when ``PageViewsYOY`` is not itself a metric."""
    if name in metrics:
        return name, "value"
    for suffix, show in _SUFFIXES:
        if name.endswith(suffix) and name[: -len(suffix)] in metrics:
            return name[: -len(suffix)], show
    return name, "value"
