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
