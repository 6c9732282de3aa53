"""Output of ``preflight``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supatools.render.output import Output, printable

if TYPE_CHECKING:
    from supatools.preflight import PreflightReport

# --- supatools preflight -------------------------------------------------------------

_CHECK_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "skip": "dim"}


def preflight_report(out: Output, report: PreflightReport) -> None:
    if out.json_mode:
        out.json(
            {
                "ok": report.ok,
                "checks": [
                    {"id": c.id, "status": c.status, "detail": c.detail, "hint": c.hint}
                    for c in report.checks
                ],
            }
        )
        return
    from rich.markup import escape

    width = max(len(c.id) for c in report.checks)
    for c in report.checks:
        style = _CHECK_STYLE.get(c.status, "")
        out.out.print(
            f"[{style}]{c.status.upper():<4}[/]  {c.id:<{width}}  {escape(printable(c.detail))}",
            soft_wrap=True,
            highlight=False,
        )
        if c.hint and c.status in ("fail", "warn", "skip"):
            out.out.print(f"{'':<4}  {'':<{width}}  → {escape(printable(c.hint))}", soft_wrap=True)
    failed = sum(1 for c in report.checks if c.status == "fail")
    verdict = "all checks passed" if report.ok else f"{failed} check(s) failed"
    out.out.print(verdict, soft_wrap=True, markup=False)
