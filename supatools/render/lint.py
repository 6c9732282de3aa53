"""Output of ``supatools lint``: text, JSON or SARIF 2.1.0 (GitHub code scanning)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from supatools.render.output import Output

if TYPE_CHECKING:
    from supatools.lint import LintFinding

_SARIF_LEVEL = {"error": "error", "warn": "warning", "info": "note"}


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def lint_result(
    out: Output, findings: list[LintFinding], fmt: str, fail_on: str, root: Path
) -> int:
    """Show the findings; the number at or above ``fail_on``."""
    from supatools.lint import LEVELS, RULES

    findings = sorted(findings, key=lambda f: (str(f.path), f.line, f.rule))
    failing = sum(1 for f in findings if LEVELS.index(f.level) <= LEVELS.index(fail_on))
    if fmt == "json":
        out.json(
            {
                "ok": failing == 0,
                "fail_on": fail_on,
                "findings": [
                    {
                        "rule": f.rule,
                        "level": f.level,
                        "file": _shown(f.path, root),
                        "line": f.line,
                        "message": f.message,
                        "fix": f.fix,
                    }
                    for f in findings
                ],
            }
        )
        return failing
    if fmt == "sarif":
        from supatools import __version__

        used = sorted({f.rule for f in findings})
        rules: list[dict[str, Any]] = [
            {
                "id": name,
                "name": name,
                "shortDescription": {"text": RULES[name].why},
                "help": {"text": RULES[name].fix},
                "defaultConfiguration": {"level": _SARIF_LEVEL[RULES[name].level]},
            }
            for name in used
        ]
        out.json(
            {
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [
                    {
                        "tool": {
                            "driver": {
                                "name": "supatools lint",
                                "version": __version__,
                                "rules": rules,
                            }
                        },
                        "results": [
                            {
                                "ruleId": f.rule,
                                "ruleIndex": used.index(f.rule),
                                "level": _SARIF_LEVEL[f.level],
                                "message": {"text": f"{f.message}. Fix: {f.fix}"},
                                "locations": [
                                    {
                                        "physicalLocation": {
                                            "artifactLocation": {"uri": _shown(f.path, root)},
                                            "region": {"startLine": f.line},
                                        }
                                    }
                                ],
                            }
                            for f in findings
                        ],
                    }
                ],
            }
        )
        return failing
    for f in findings:
        out.stdout.write(
            f"{_shown(f.path, root)}:{f.line}: {f.level}: {f.rule}: {f.message}\n    fix: {f.fix}\n"
        )
    counts = {level: sum(1 for f in findings if f.level == level) for level in LEVELS}
    summary = ", ".join(f"{n} {level}" for level, n in counts.items() if n) or "no finding"
    out.stdout.write(f"lint {'FAILED' if failing else 'passed'} (--fail-on {fail_on}): {summary}\n")
    return failing
