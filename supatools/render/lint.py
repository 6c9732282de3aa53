"""Output of ``supatools lint``: text, JSON or SARIF 2.1.0 (GitHub code scanning)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from supatools.render.output import Output, printable
from supatools.render.sarif import shown

if TYPE_CHECKING:
    from supatools.lint import LintFinding


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
                        "file": shown(f.path, root),
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
        from supatools.render import sarif

        used = sorted({f.rule for f in findings})
        out.json(
            sarif.log(
                [
                    sarif.rule(name, RULES[name].why, RULES[name].level, help_text=RULES[name].fix)
                    for name in used
                ],
                [
                    {
                        "ruleId": f.rule,
                        "ruleIndex": used.index(f.rule),
                        "level": sarif.LEVEL[f.level],
                        "message": {"text": f"{f.message}. Fix: {f.fix}"},
                        "locations": [sarif.physical(f.path, f.line, root)],
                        "partialFingerprints": {
                            "supatools/v1": f"{f.rule}:{shown(f.path, root)}:{f.message}"
                        },
                    }
                    for f in findings
                ],
            )
        )
        return failing
    for f in findings:
        out.stdout.write(
            f"{printable(shown(f.path, root))}:{f.line}: {f.level}: {f.rule}: "
            f"{printable(f.message)}\n    fix: {printable(f.fix)}\n"
        )
    counts = {level: sum(1 for f in findings if f.level == level) for level in LEVELS}
    summary = ", ".join(f"{n} {level}" for level, n in counts.items() if n) or "no finding"
    out.stdout.write(f"lint {'FAILED' if failing else 'passed'} (--fail-on {fail_on}): {summary}\n")
    return failing
