"""Output of ``supatools local``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supatools.render.output import Output

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
            }
        )
        return
    if status.running:
        out.out.print(f"running: {url} (pid {status.pid}, data in {status.data_dir})", markup=False)
        if status.server_version:
            out.out.print(
                f"PostgreSQL {status.server_version}; extensions it can install: "
                f"{', '.join(status.extensions) or 'none'}",
                markup=False,
            )
    else:
        out.out.print(f"stopped (data in {status.data_dir})")
