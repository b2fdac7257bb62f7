"""``dayone lint`` end to end, through the root command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dayone.cli import app

from ._fixtures import FIXTURES

runner = CliRunner()


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "plan.md"
    path.write_text("# Plan\n\nWe will ship soon.\n\nMistakes were made.\n", encoding="utf-8")
    return path


def test_text_output_and_exit_code(doc: Path) -> None:
    result = runner.invoke(app, ["lint", str(doc)])
    assert result.exit_code == 1
    assert f"{doc}:3:14: warning [vague-time] 'soon' is vague about time." in result.output
    assert result.output.rstrip().endswith("2 findings: 1 warning, 1 info.")


@pytest.mark.parametrize(
    ("fail_on", "code"), [("info", 1), ("warning", 1), ("error", 0), ("ERROR", 0)]
)
def test_fail_on_chooses_the_severity_that_fails(doc: Path, fail_on: str, code: int) -> None:
    assert runner.invoke(app, ["lint", str(doc), "--fail-on", fail_on]).exit_code == code


def test_a_clean_document_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "clean.md"
    path.write_text("Sales grew 14% in Q3.\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(path), "--fail-on", "info"])
    assert result.exit_code == 0
    assert result.output == "No findings.\n"


def test_json_and_sarif(doc: Path) -> None:
    result = runner.invoke(app, ["lint", str(doc), "--format", "json"])
    data = json.loads(result.output)
    assert [f["rule"] for f in data["findings"]] == ["vague-time", "passive-voice"]
    assert data["findings"][0]["path"] == str(doc)
    result = runner.invoke(app, ["lint", str(doc), "--format", "sarif", "--fail-on", "error"])
    assert result.exit_code == 0
    assert json.loads(result.output)["runs"][0]["results"][0]["ruleId"] == "vague-time"


def test_kind_measures_pages(tmp_path: Path) -> None:
    path = tmp_path / "pr.md"
    paragraph = "Readers got their books in 1.8 days and 92% rated it five stars. " * 12
    path.write_text("\n\n".join([paragraph] * 8), encoding="utf-8")
    result = runner.invoke(
        app, ["lint", str(path), "--kind", "press-release", "--fail-on", "error"]
    )
    assert result.exit_code == 1
    assert f"{path}: press-release 2 pages (limit 1)" in result.output
    assert "error [page-limit] The press release runs to 2 pages; the limit is 1" in result.output
    result = runner.invoke(app, ["lint", str(path), "--kind", "narrative", "--fail-on", "error"])
    assert result.exit_code == 0


def test_config_file(doc: Path) -> None:
    config = FIXTURES / "configs" / "company.yaml"
    result = runner.invoke(app, ["lint", str(doc), "--config", str(config), "--format", "json"])
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["vague-time"]


def test_config_file_in_the_current_folder(doc: Path, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "dayone-lint.yaml").write_text("disable: [vague-time]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["lint", "plan.md", "--format", "json"])
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["passive-voice"]


def test_standard_input() -> None:
    result = runner.invoke(app, ["lint", "-"], input="Nearly done.\n")
    assert result.exit_code == 1
    assert "<stdin>:1:1: warning [weasel-words]" in result.output


def one_line_error(result) -> str:
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_unreadable_input_is_one_clear_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    line = one_line_error(runner.invoke(app, ["lint", str(missing)]))
    assert line == f"dayone lint: cannot read {missing}: No such file or directory"
    binary = tmp_path / "cover.md"
    binary.write_bytes(b"\xff\xfe\x00binary")
    line = one_line_error(runner.invoke(app, ["lint", str(binary)]))
    assert line == f"dayone lint: cannot read {binary}: it is not UTF-8 text"
    line = one_line_error(runner.invoke(app, ["lint", str(tmp_path)]))
    assert line.startswith(f"dayone lint: cannot read {tmp_path}: ")


def test_bad_config_and_bad_document_are_one_clear_line(doc: Path, tmp_path: Path) -> None:
    config = tmp_path / "rules.yaml"
    config.write_text("disable: [nothing]\n", encoding="utf-8")
    line = one_line_error(runner.invoke(app, ["lint", str(doc), "--config", str(config)]))
    assert line.startswith(f"dayone lint: {config}:1: disable[0]: no rule or pack is called")
    bad = tmp_path / "bad.md"
    bad.write_text("---\nkind: memo\n---\nText.\n", encoding="utf-8")
    line = one_line_error(runner.invoke(app, ["lint", str(bad)]))
    assert line.startswith(f"dayone lint: {bad}: unknown document kind 'memo'")


def test_unknown_kind_option_is_a_usage_error(doc: Path) -> None:
    result = runner.invoke(app, ["lint", str(doc), "--kind", "memo"])
    assert result.exit_code == 2


def test_no_page_lines_when_the_page_limit_is_switched_off(doc: Path, tmp_path: Path) -> None:
    config = tmp_path / "rules.yaml"
    config.write_text("disable: [page-limits]\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(doc), "--kind", "narrative", "--config", str(config)])
    assert "narrative 1 page" not in result.output
    result = runner.invoke(app, ["lint", str(doc), "--kind", "narrative"])
    assert f"{doc}: narrative 1 page (limit 6)" in result.output
