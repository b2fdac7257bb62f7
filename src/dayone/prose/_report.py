"""Reports of findings: text for people, JSON for scripts, SARIF for code-scanning tools."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dayone.prose._model import Finding, Severity
from dayone.prose._rules import RuleSet

_SARIF_LEVEL = {Severity.INFO: "note", Severity.WARNING: "warning", Severity.ERROR: "error"}
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def summarise(findings: Iterable[Finding]) -> dict[str, int]:
    """Count findings by severity: ``{"error": 0, "warning": 2, "info": 1}``."""
    counts = {s.value: 0 for s in reversed(Severity)}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def report_text(results: Mapping[str, Sequence[Finding]]) -> str:
    """One line per finding, ``path:line:column: severity [rule] message``, then a summary.

    ``results`` maps each file name to its findings.

    >>> from dayone.prose import lint
    >>> print(report_text({"doc.md": lint("It shipped soon.")}))
    doc.md:1:12: warning [vague-time] 'soon' is vague about time.
        Give a date or a period: 'by 30 June', 'in Q3', 'within 2 weeks'.
    1 finding: 1 warning.
    """
    lines: list[str] = []
    every: list[Finding] = []
    for path, findings in results.items():
        every.extend(findings)
        for f in findings:
            lines.append(f"{path}:{f.line}:{f.column}: {f.severity.value} [{f.rule}] {f.message}")
            if f.suggestion:
                lines.append(f"    {f.suggestion}")
    counts = summarise(every)
    total = len(every)
    if total == 0:
        lines.append("No findings.")
    else:
        parts = [f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items() if n]
        lines.append(f"{total} finding{'s' if total != 1 else ''}: {', '.join(parts)}.")
    return "\n".join(lines)


def report_json(results: Mapping[str, Sequence[Finding]]) -> str:
    """A JSON document: every finding with its ``path``, and counts by severity."""
    findings = [
        {"path": path, **finding.to_dict()} for path, items in results.items() for finding in items
    ]
    every = [f for items in results.values() for f in items]
    return json.dumps(
        {"version": 1, "findings": findings, "summary": summarise(every)},
        indent=2,
        ensure_ascii=False,
    )


def report_sarif(results: Mapping[str, Sequence[Finding]], rules: RuleSet) -> str:
    """A SARIF 2.1.0 log, for code-scanning tools (GitHub, GitLab, IDEs)."""
    driver_rules: list[dict[str, Any]] = [
        {
            "id": rule.id,
            "name": rule.id,
            "shortDescription": {"text": rule.description.split(". ")[0].rstrip(".") + "."},
            "fullDescription": {"text": rule.description},
            "defaultConfiguration": {
                "level": _SARIF_LEVEL[rule.severity],
                "enabled": rule.enabled,
            },
            "properties": {"pack": rule.pack, "check": rule.check},
        }
        for rule in rules.rules
    ]
    index = {rule.id: i for i, rule in enumerate(rules.rules)}
    sarif_results: list[dict[str, Any]] = []
    for path, findings in results.items():
        for f in findings:
            text = f"{f.message} {f.suggestion}" if f.suggestion else f.message
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": path},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": f.end_line,
                                "endColumn": f.end_column,
                            },
                        }
                    }
                ],
            }
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            if f.suggestion:
                result["properties"] = {"suggestion": f.suggestion}
            sarif_results.append(result)
    log = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dayone-lint",
                        "rules": driver_rules,
                    }
                },
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
