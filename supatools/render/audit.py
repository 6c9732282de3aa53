"""Output of ``verify-rls`` (and of the audit after ``migrate``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from supatools.render.output import Output, printable

if TYPE_CHECKING:
    from supatools.rls.audit import AuditResult
    from supatools.rls.findings import Finding


# --- supatools verify-rls ------------------------------------------------------------


def audit_document(result: AuditResult) -> dict[str, Any]:
    """The contract's verify-rls JSON, plus the findings a team chose to ignore."""

    def finding(f: Finding) -> dict[str, str]:
        return {
            "rule": f.rule,
            "level": f.level,
            "schema": f.schema,
            "object": f.object,
            "detail": f.detail,
            "remediation": f.remediation,
            "hint": f.hint,
        }

    return {
        "ok": result.ok,
        "schemas": list(result.schemas),
        "schemas_source": result.schemas_source,
        "tables_checked": result.tables_checked,
        "fail_on": result.fail_on,
        "findings": [finding(f) for f in result.findings],
        "ignored": [{**finding(f), "reason": reason} for f, reason in result.ignored],
    }


def audit_result(out: Output, result: AuditResult) -> None:
    if out.json_mode:
        out.json(audit_document(result))
        return
    write_audit(out, result)


_LEVEL_STYLE = {"error": "bold red", "warn": "yellow", "info": "dim"}


def _audit_summary(result: AuditResult) -> str:
    counts = {
        level: sum(1 for f in result.findings if f.level == level)
        for level in ("error", "warn", "info")
    }
    summary = ", ".join(f"{n} {level}" for level, n in counts.items() if n) or "no findings"
    verdict = "passed" if result.ok else f"FAILED (--fail-on {result.fail_on})"
    return (
        f"RLS audit {verdict}: {summary}; {result.tables_checked} table(s) in "
        f"{printable(', '.join(result.schemas)) or '(no schema)'} "
        f"(schemas from {printable(result.schemas_source)})"
    )


def write_audit(out: Output, result: AuditResult) -> None:
    """Findings grouped by table: a Rich table on a terminal; plain lines in logs and pipes
    (fast for thousands of findings, and never truncated)."""
    if out.stdout.isatty() and result.findings:
        from rich.table import Table
        from rich.text import Text

        table = Table()
        for column in ("table", "level", "rule", "detail", "fix"):
            table.add_column(column, overflow="fold")
        current = None
        for f in result.findings:
            if current is not None and f.qualified != current:
                table.add_section()
            shown = f.qualified if f.qualified != current else ""
            current = f.qualified
            table.add_row(
                Text(printable(shown)),
                Text(f.level, style=_LEVEL_STYLE[f.level]),
                Text(f.rule),
                Text(printable(f.detail)),
                Text("\n".join(printable(x) for x in (f.remediation, f.hint) if x)),
            )
        out.out.print(table)
        for f, reason in result.ignored:
            out.out.print(
                f"(ignored) {printable(f.qualified)} {f.rule}: {printable(reason)}", markup=False
            )
        out.out.print(_audit_summary(result), markup=False)
        return
    lines: list[str] = []
    current = None
    for f in result.findings:
        if f.qualified != current:
            current = f.qualified
            lines.append(f"\n{printable(current)}")
        lines.append(f"  {f.level.upper():<5}  {f.rule}: {printable(f.detail)}")
        if f.remediation:
            lines.append(f"         fix: {printable(f.remediation)}")
        if f.hint:
            lines.append(f"         hint: {printable(f.hint)}")
    for f, reason in result.ignored:
        lines.append(f"  (ignored) {printable(f.qualified)} {f.rule}: {printable(reason)}")
    lines.append("\n" + _audit_summary(result))
    out.stdout.write("\n".join(lines).lstrip("\n") + "\n")
    out.stdout.flush()


# --- SARIF 2.1.0 (GitHub code scanning) -------------------------------------------------


def sarif_document(
    result: AuditResult, created: dict[str, tuple[Path, int]], root: Path
) -> dict[str, Any]:
    """The audit as one SARIF 2.1.0 run: a rule per finding name, a result per finding,
    located at the migration line that created the object when one did (``created``,
    paths shown relative to ``root``), and always at the database object by name."""
    from supatools.render import sarif
    from supatools.rls.registry import RULES_INFO

    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for f in result.findings:
        info = RULES_INFO[f.rule]
        rules.setdefault(
            f.rule,
            sarif.rule(
                f.rule,
                info.summary,
                info.levels[0],
                "https://supabase.com/docs/guides/database/database-linter"
                + (f"?lint={info.splinter}" if info.splinter else ""),
            ),
        )
        text = f.detail + (f" Fix: {f.remediation}" if f.remediation else "")
        text += f" Hint: {f.hint}" if f.hint else ""
        location: dict[str, Any] = {
            "logicalLocations": [{"fullyQualifiedName": f.qualified, "kind": "object"}]
        }
        where = created.get(f.qualified.split("(", 1)[0])
        if where is not None:
            location.update(sarif.physical(where[0], where[1], root))
        results.append(
            {
                "ruleId": f.rule,
                "level": sarif.LEVEL[f.level],
                "message": {"text": text},
                "locations": [location],
                "partialFingerprints": {"supatools/v1": f"{f.rule}:{f.qualified}"},
            }
        )
    return sarif.log(list(rules.values()), results)
