"""A command loads only what it runs: the WBR build does not start Django or the writing linter."""

from __future__ import annotations

import subprocess
import sys

RUN = """
import sys
sys.argv = ["dayone", *sys.argv[1:]]
from dayone.cli import main
try:
    main()
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def _imported(*args: str) -> set[str]:
    """The modules a fresh ``dayone ARGS`` process has imported when it ends."""
    result = subprocess.run(
        [sys.executable, "-c", RUN, *args], capture_output=True, text=True, check=True
    )
    return set(result.stderr.split())


def test_wbr_build_loads_neither_django_nor_the_linter() -> None:
    modules = _imported("wbr", "build", "--help")
    assert "dayone.cli.wbr" in modules
    assert not {m for m in modules if m == "django" or m.startswith("django.")}
    assert not {m for m in modules if m.startswith(("dayone.prose", "dayone.server", "reportlab"))}


def test_the_root_help_still_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dayone.cli", "--help"], capture_output=True, text=True, check=True
    )
    for name in ("demo", "serve", "migrate", "createuser", "backup", "restore", "lint", "wbr"):
        assert f" {name} " in result.stdout, name


def test_a_deck_from_a_csv_is_built_without_ibis_sqlglot_or_pandas(tmp_path) -> None:
    days = [f"2025-06-{d:02d}" for d in range(1, 29)]
    data = tmp_path / "daily.csv"
    data.write_text(
        "Date,Orders,Refunds\n" + "".join(f"{d},{i},{i % 3}\n" for i, d in enumerate(days))
    )
    config = tmp_path / "wbr.yaml"
    config.write_text(
        "dayone_wbr: 1\nweek_ending: 2025-06-28\nmetrics:\n"
        "  orders: {column: Orders, aggregation: sum}\n"
        "  refunds: {column: Refunds, aggregation: mean}\n"
        "deck:\n  - chart: orders\n  - chart: refunds\n"
    )
    out = tmp_path / "deck.json"
    modules = _imported("wbr", "build", str(config), "--data", str(data), "-o", str(out))
    assert '"orders"' in out.read_text()
    heavy = {m.split(".")[0] for m in modules} & {"ibis", "sqlglot", "pandas", "django"}
    assert not heavy
