"""The anchors' virtualenv: the tools our benchmarks are measured against.

The anchors (gbstats 0.8.0, the GrowthBook Python SDK, proselint) pin versions of pandas and
numpy that the product itself does not use, so they live in their own virtualenv,
``bench/.venv-anchors``, created on first use and reused after. A benchmark runs the anchor's
timing in that interpreter, in a subprocess, within the same run as its own timing.

    from _anchors import run_anchor
    seconds = run_anchor("import gbstats ...; print(json.dumps(...))")
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
VENV = BENCH / ".venv-anchors"
REQUIREMENTS = ("gbstats==0.8.0", "growthbook>=1.2,<5", "proselint>=0.14,<1")
_STAMP = VENV / ".requirements"


def _python() -> Path:
    if os.name == "nt":  # pragma: no cover - the benchmarks run on Linux
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def anchors_python() -> Path:
    """Return the anchors' interpreter, creating the virtualenv and installing it if needed."""
    wanted = "\n".join(REQUIREMENTS)
    python = _python()
    if python.exists() and _STAMP.exists() and _STAMP.read_text() == wanted:
        return python
    print(f"creating the anchors' virtualenv in {VENV} ...", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *REQUIREMENTS,
        ],
        check=True,
    )
    _STAMP.write_text(wanted)
    return python


def run_anchor(code: str, *, stdin: str | None = None, timeout: float = 1800) -> Any:
    """Run ``code`` in the anchors' interpreter and return the JSON it prints last.

    The snippet prints one JSON document on its last line of standard output.
    """
    python = anchors_python()
    proc = subprocess.run(
        [str(python), "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the anchor failed (exit {proc.returncode}):\n{proc.stderr}")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"the anchor printed nothing:\n{proc.stderr}")
    return json.loads(lines[-1])


if __name__ == "__main__":
    print(anchors_python())
    print(json.dumps(run_anchor("import json, gbstats, growthbook; print(json.dumps('ok'))")))
