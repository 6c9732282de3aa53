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
