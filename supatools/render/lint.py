"""Output of ``supatools lint``: text, JSON, SARIF 2.1.0 (GitHub code scanning) or GitHub
workflow annotations (``--format github``: CI without a SARIF upload)."""

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
    # each file's name relative to the root, resolved once per file, not once per finding
    names = {path: shown(path, root) for path in {f.path for f in findings}}
    if fmt == "json":
        out.json(
            {
                "ok": failing == 0,
                "fail_on": fail_on,
                "findings": [
                    {
                        "rule": f.rule,
                        "level": f.level,
                        "file": names[f.path],
                        "line": f.line,
                        **({"column": f.column} if f.column else {}),
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
                        "locations": [
                            sarif.physical(f.path, f.line, root, f.column, names[f.path])
                        ],
                        "partialFingerprints": {
                            "supatools/v1": f"{f.rule}:{names[f.path]}:{f.message}"
                        },
                    }
                    for f in findings
                ],
            )
        )
        return failing
    if fmt == "github":
        for f in findings:
            out.stdout.write(annotation(f, names[f.path]))
        return failing
    for f in findings:
        where = f"{f.line}:{f.column}" if f.column else str(f.line)
        out.stdout.write(
            f"{printable(names[f.path])}:{where}: {f.level}: {f.rule}: "
            f"{printable(f.message)}\n    fix: {printable(f.fix)}\n"
        )
    counts = {level: sum(1 for f in findings if f.level == level) for level in LEVELS}
    summary = ", ".join(f"{n} {level}" for level, n in counts.items() if n) or "no finding"
    out.stdout.write(f"lint {'FAILED' if failing else 'passed'} (--fail-on {fail_on}): {summary}\n")
    return failing


#: lint level -> GitHub workflow command
_COMMAND = {"error": "error", "warn": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value (escapeProperty): also ``:`` and ``,``."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: LintFinding, file: str) -> str:
    """One GitHub workflow annotation line:
    ``::error file=PATH,line=L,col=C,title=RULE::message. Fix: fix``."""
    properties = [f"file={_escape_property(file)}", f"line={f.line}"]
    if f.column:
        properties.append(f"col={f.column}")
    properties.append(f"title={_escape_property(f.rule)}")
    message = _escape_data(f"{f.message}. Fix: {f.fix}")
    return f"::{_COMMAND[f.level]} {','.join(properties)}::{message}\n"
