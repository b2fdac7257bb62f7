"""Reports: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

import json

from dayone.prose import default_rules, lint, report_json, report_sarif, report_text, summarise

TEXT = "We will ship soon.\nMistakes were made.\n"


def test_text_report() -> None:
    report = report_text({"plan.md": lint(TEXT)})
    assert report.splitlines() == [
        "plan.md:1:14: warning [vague-time] 'soon' is vague about time.",
        "    Give a date or a period: 'by 30 June', 'in Q3', 'within 2 weeks'.",
        "plan.md:2:10: info [passive-voice] 'were made' is in the passive voice: who does it?",
        "    Name who acts: 'the team shipped it', not 'it was shipped'.",
        "2 findings: 1 warning, 1 info.",
    ]
    assert report_text({"plan.md": []}) == "No findings."


def test_json_report() -> None:
    data = json.loads(report_json({"plan.md": lint(TEXT), "empty.md": []}))
    assert data["summary"] == {"error": 0, "warning": 1, "info": 1}
    first = data["findings"][0]
    assert first == {
        "path": "plan.md",
        "rule": "vague-time",
        "severity": "warning",
        "message": "'soon' is vague about time.",
        "suggestion": "Give a date or a period: 'by 30 June', 'in Q3', 'within 2 weeks'.",
        "line": 1,
        "column": 14,
        "end_line": 1,
        "end_column": 18,
        "offset": 13,
        "end_offset": 17,
    }


def test_sarif_report() -> None:
    rules = default_rules()
    log = json.loads(report_sarif({"docs/plan.md": lint(TEXT)}, rules))
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dayone-lint"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [r.id for r in rules.rules]
    first, second = run["results"]
    assert first["ruleId"] == "vague-time" and first["level"] == "warning"
    assert ids[first["ruleIndex"]] == "vague-time"
    assert second["level"] == "note"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 14, "endLine": 1, "endColumn": 18}
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/plan.md"
    assert first["message"]["text"].startswith("'soon' is vague about time. Give a date")


def test_summary_counts_by_severity() -> None:
    assert summarise(lint(TEXT)) == {"error": 0, "warning": 1, "info": 1}
