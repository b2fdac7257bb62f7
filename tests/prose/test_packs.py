"""Rule packs and configuration files: extend, change, switch off, and clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dayone.prose import (
    BUILTIN_PACKS,
    CHECKS,
    PageSpec,
    RuleConfigError,
    Severity,
    default_rules,
    lint,
    load_rules,
    parse_rules,
)

from ._fixtures import FIXTURES

CONFIGS = FIXTURES / "configs"
BAD = sorted(CONFIGS.glob("bad_*.yaml"))


def test_default_rules_load_every_built_in_pack() -> None:
    rules = default_rules()
    assert rules.packs == BUILTIN_PACKS
    assert {r.id for r in rules.rules} == {
        "weasel-words",
        "unquantified-claims",
        "long-sentences",
        "undefined-acronyms",
        "vague-time",
        "passive-voice",
        "page-limit",
    }
    assert all(r.check in CHECKS and r.description for r in rules.rules)
    assert rules.page == PageSpec()


def test_a_company_configuration_extends_changes_and_switches_off(tmp_path: Path) -> None:
    rules = load_rules(CONFIGS / "company.yaml")
    assert rules.packs == ("writing-bar", "page-limits", "company-words", "config")
    assert rules.get("passive-voice").enabled is False
    assert rules.get("weasel-words").severity is Severity.ERROR
    assert rules.page == PageSpec(size="a4", font="Helvetica", font_size=10.5)
    text = (
        "We leverage synergy and it was decided very late.\n"
        "The WBR and the STL and the CTD meet.\n"
        "One two three four five six seven eight nine ten one two three four five six seven "
        "eight nine ten one.\n"
    )
    got = [
        (f.rule, f.severity.value, text[f.offset : f.end_offset]) for f in lint(text, rules=rules)
    ]
    assert got == [
        ("jargon", "info", "leverage"),
        ("weasel-words", "error", "synergy"),
        ("weasel-words", "error", "very"),
        ("undefined-acronyms", "warning", "CTD"),
        ("long-sentences", "warning", got[4][2]),
    ]
    assert got[4][2].startswith("One two") and got[4][2].endswith("one.")
    assert lint(text, rules=default_rules()) != lint(text, rules=rules)


def test_the_suggestion_of_a_word_comes_from_the_pack() -> None:
    rules = load_rules(CONFIGS / "company.yaml")
    [finding] = [f for f in lint("We will circle   back.", rules=rules) if f.rule == "jargon"]
    assert finding.message == "'circle back' is jargon."
    assert finding.suggestion == "Say when you will answer."


def test_a_whole_pack_can_be_switched_off() -> None:
    rules = parse_rules("disable: [writing-bar]")
    assert [r.id for r in rules.enabled] == ["page-limit"]
    assert lint("Nearly all of it will ship soon, very soon.", rules=rules) == []


def test_packs_choose_where_to_start_from() -> None:
    rules = parse_rules("packs: [page-limits]")
    assert [r.id for r in rules.rules] == ["page-limit"]


def test_a_rule_can_be_turned_off_and_back_on_in_a_pack() -> None:
    off = parse_rules("rules:\n  - id: vague-time\n    enabled: false\n")
    assert not off.get("vague-time").enabled
    assert lint("Soon.", rules=off) == []


def test_a_rule_given_another_check_is_replaced() -> None:
    rules = parse_rules("rules:\n  - id: vague-time\n    check: words\n    words: [whenever]\n")
    assert [f.rule for f in lint("Soon, whenever.", rules=rules)] == ["vague-time"]
    rules = parse_rules(
        "rules:\n  - id: vague-time\n    check: sentence-length\n    max_words: 2\n"
    )
    assert rules.get("vague-time").params["max_words"] == 2
    assert "words" not in rules.get("vague-time").params


def test_case_sensitive_word_lists() -> None:
    rules = parse_rules(
        "packs: []\nrules:\n  - id: names\n    check: words\n    ignore_case: false\n"
        "    words: [Riverbend]\n"
    )
    assert [f.column for f in lint("riverbend Riverbend", rules=rules)] == [11]


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_configuration_names_file_line_and_field(path: Path, tmp_path: Path) -> None:
    expected = path.read_text("utf-8").splitlines()[0].removeprefix("# error: ")
    shutil.copytree(CONFIGS, tmp_path, dirs_exist_ok=True)
    with pytest.raises(RuleConfigError) as caught:
        load_rules(tmp_path / path.name)
    assert str(caught.value).startswith(str(tmp_path / expected))


def test_an_unreadable_configuration_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(RuleConfigError, match=r"missing\.yaml: cannot read the rules"):
        load_rules(tmp_path / "missing.yaml")


def test_a_configuration_that_is_not_a_mapping() -> None:
    with pytest.raises(RuleConfigError, match=r"<rules>:1: the file must be a YAML mapping"):
        parse_rules("- just\n- a list\n")


def test_a_phrase_inside_a_longer_phrase_of_another_rule_is_found_by_both() -> None:
    rules = parse_rules(
        "rules:\n  - id: jargon\n    check: words\n    words: [near future, future]\n"
    )
    text = "In the near\nfuture, we ship."
    got = [(f.rule, text[f.offset : f.end_offset]) for f in lint(text, rules=rules)]
    assert got == [("vague-time", "In the near\nfuture"), ("jargon", "near\nfuture")]


def test_word_lists_can_skip_headings() -> None:
    rules = parse_rules("rules:\n  - id: vague-time\n    skip_headings: true\n")
    assert [f.line for f in lint("# Soon\n\nSoon.\n", rules=rules)] == [3]


def test_severities_compare_only_with_severities() -> None:
    assert Severity.INFO < Severity.WARNING <= Severity.ERROR
    assert Severity.ERROR > Severity.WARNING >= Severity.WARNING
    with pytest.raises(TypeError):
        assert Severity.INFO < 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        assert Severity.INFO > 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        assert Severity.INFO <= 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        assert Severity.INFO >= 1  # type: ignore[operator]
    with pytest.raises(RuleConfigError, match="unknown severity 'loud'"):
        Severity.parse("loud")
