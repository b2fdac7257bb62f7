"""Read the WBR app's published scenarios (config, daily CSV, expected values) for the tests."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml

from tests.conftest import ANCHORS as SHARED

ANCHORS = SHARED / "wbr-app"
SCENARIOS = ANCHORS / "scenarios"


class Expected(float):
    """A number from an expected-values file, with the precision it was written in."""

    decimals: int

    def __new__(cls, value: float, decimals: int) -> Expected:
        obj = super().__new__(cls, value)
        obj.decimals = decimals
        return obj

    @property
    def tolerance(self) -> float:
        """Half a unit of the last written digit, plus a relative floor for long floats."""
        return 0.5 * 10.0 ** (-self.decimals) + 1e-9 * abs(float(self))


def _decimals(text: str) -> int:
    text = text.strip().lower()
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        return max(0, _decimals(mantissa) - int(exponent))
    return len(text.split(".", 1)[1]) if "." in text else 0


class _Loader(yaml.SafeLoader):
    pass


def _number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(node.value)
    if text.lower() in (".nan", "nan"):
        return math.nan
    return Expected(float(text.replace("_", "")), _decimals(text))


_Loader.add_constructor("tag:yaml.org,2002:float", _number)
_Loader.add_constructor("tag:yaml.org,2002:int", _number)


@dataclass(frozen=True)
class Case:
    """One expected-values entry of one scenario."""

    scenario: str
    number: int
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.scenario}-{self.number}-{self.spec['metric_name']}"


def cases() -> list[Case]:
    """Every test entry of every scenario; empty when the anchors are absent."""
    if not SCENARIOS.is_dir():
        return []
    out: list[Case] = []
    for folder in sorted(SCENARIOS.iterdir()):
        doc = yaml.load((folder / "testconfig.yml").read_text(), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
        for entry in doc["tests"]:
            spec = entry["test"]
            out.append(Case(folder.name, int(spec["test_case_no"]), spec))
    return out


def close(actual: float | None, expected: Any) -> bool:
    """True when ``actual`` equals ``expected`` at the precision ``expected`` was written in."""
    if isinstance(expected, float) and math.isnan(expected):
        return actual is None
    if actual is None:
        return False
    tol = expected.tolerance if isinstance(expected, Expected) else 1e-9
    return abs(actual - float(expected)) <= tol
