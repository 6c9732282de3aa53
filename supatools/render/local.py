"""Output of ``supatools local``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supatools.render.output import Output, printable

if TYPE_CHECKING:
    from supatools.local import LocalStatus


# --- supatools local ------------------------------------------------------------------


def local_status(out: Output, status: LocalStatus) -> None:
    url = status.url() if status.running else None
    if out.json_mode:
        out.json(
            {
                "ok": True,
                "running": status.running,
                "url": url,
                "port": status.port,
                "pid": status.pid,
                "data_dir": str(status.data_dir),
                "bindir": str(status.bindir) if status.bindir else None,
                "server_version": status.server_version,
                "extensions": list(status.extensions),
                "standins": list(status.standins),
                "grants": status.grants,
                "grants_reason": status.grants_reason,
            }
        )
        return
    if status.running:
        out.out.print(
            f"running: {url} (pid {status.pid}, data in {printable(str(status.data_dir))})",
            markup=False,
        )
        if status.server_version:
            real = [e for e in status.extensions if e not in status.standins]
            out.out.print(
                f"PostgreSQL {status.server_version}; extensions it can install: "
                f"{', '.join(real) or 'none'}",
                markup=False,
            )
            if status.standins:
                out.out.print(
                    "stand-ins (the same SQL surface, no service behind it): "
                    f"{', '.join(status.standins)}",
                    markup=False,
                )
        if status.grants:  # what the bootstrap gives new tables in public, and why
            out.out.print(
                f"default grants: {status.grants} ({printable(status.grants_reason or '')})",
                markup=False,
            )
    else:
        out.out.print(f"stopped (data in {printable(str(status.data_dir))})", markup=False)
