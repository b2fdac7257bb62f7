"""``dayone customers``: import anecdotes and list their themes, in a fresh process."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_server_commands import one_clear_line, run
from tests.server.customers.conftest import paraphrase_csv

pytestmark = pytest.mark.slow


def test_import_then_themes_as_json(tmp_path):
    home = tmp_path / "home"
    assert run("migrate", home=home).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("external_id,date,channel,text\nA,2026-01-01,call,ok\nB,2026-02-30,call,x\n")
    line = one_clear_line(run("customers", "import", str(bad), home=home))
    assert f"{bad}:3: column date: '2026-02-30' is not a date" in line

    good = tmp_path / "calls.csv"
    good.write_text(paraphrase_csv().replace(",contacts_per_order", ","))
    result = run("customers", "import", str(good), home=home)
    assert result.returncode == 0, result.stderr
    assert "120 anecdotes read, 120 new" in result.stdout
    again = run("customers", "import", str(good), home=home)
    assert "120 anecdotes read, 0 new, 120 already there" in again.stdout

    listed = run("customers", "themes", "--format", "json", home=home)
    assert listed.returncode == 0, listed.stderr
    themes = json.loads(listed.stdout)
    assert sum(t["count"] for t in themes) == 120
    assert all(set(t) == {"label", "count", "anecdotes"} for t in themes)
    assert all(len(t["anecdotes"]) == t["count"] for t in themes)
    ids = {i for t in themes for i in t["anecdotes"]}
    assert ids == {f"P-{i}" for i in range(120)}
    text = run("customers", "themes", home=home)
    assert themes[0]["label"] in text.stdout
    assert one_clear_line(run("customers", "themes", "--format", "xml", home=home)).endswith(
        "--format: unknown format 'xml'; use text or json"
    )
