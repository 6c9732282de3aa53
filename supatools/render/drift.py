"""Output of ``drift``: one line per drifted object (text), or one JSON document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supatools.render.output import Output, printable

if TYPE_CHECKING:
    from supatools.commands.drift import DriftReport


def drift_report(out: Output, report: DriftReport) -> None:
    if out.json_mode:
        out.json(document(report))
        return
    write = out.stdout.write
    if not report.drifts:
        write(f"no drift: {printable(report.target)} matches {printable(report.expected)}\n")
        return
    write(
        f"{len(report.drifts)} drift(s) in {printable(report.target)} "
        f"from {printable(report.expected)} ({report.errors} error(s)):\n"
    )
    for drift in report.drifts:
        line = f"{drift.level:<5}  {drift.change:<7}  {drift.kind} {printable(drift.name)}"
        if drift.why:
            line += f" ({printable(drift.why)})"
        write(line + "\n")
        for detail in drift.details:
            write(f"{'':16}{printable(detail)}\n")
    if report.written is not None:
        write(f"wrote {printable(str(report.written))}\n")
        for reason in report.unwritten:
            write(f"  not written: {printable(reason)}\n")


def document(report: DriftReport) -> dict[str, Any]:
    return {
        "ok": report.errors == 0,
        "target": report.target,
        "expected": report.expected,
        "drifts": [
            {
                "change": d.change,
                "kind": d.kind,
                "object": d.name,
                "path": list(d.path),
                "level": d.level,
                "details": list(d.details),
                "why": d.why or None,
            }
            for d in report.drifts
        ],
        "written": None if report.written is None else str(report.written),
        "unwritten": list(report.unwritten),
    }


def sarif_document(report: DriftReport) -> dict[str, Any]:
    """The drift as one SARIF 2.1.0 run: a rule per kind of change (``drift-changed-policy``),
    a result per drifted object, located at the database object by name."""
    from supatools.render import sarif

    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for d in report.drifts:
        rule_id = f"drift-{d.change}-{d.kind}"
        rules.setdefault(
            rule_id, sarif.rule(rule_id, f"a {d.kind} {d.change} outside migrations", d.level)
        )
        text = f"{d.kind} {d.name} {d.change} outside migrations"
        text += f" ({d.why})." if d.why else "."
        text += "".join(f" {detail}." for detail in d.details)
        results.append(
            {
                "ruleId": rule_id,
                "level": sarif.LEVEL[d.level],
                "message": {"text": text},
                "locations": [
                    {"logicalLocations": [{"fullyQualifiedName": d.name, "kind": d.kind}]}
                ],
                "partialFingerprints": {"supatools/v1": f"{rule_id}:{d.name}"},
            }
        )
    return sarif.log(list(rules.values()), results)
