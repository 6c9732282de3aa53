"""The local server's databases: the Supabase bootstrap, and the default database
kept present (a reset killed between its DROP and CREATE must not break every later run)."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from supatools.errors import LocalServerError

if TYPE_CHECKING:
    from supatools.db import Conn

#: a hosted project's database search_path after "$user" (and the Supabase CLI's default
#: [api] extra_search_path)
DEFAULT_SEARCH_PATH = ("public", "extensions")


#: the default grants Supabase projects created before 2026-10-30 have: everything the
#: project's owner creates in public reaches the API roles (RLS then decides the rows)
LEGACY_GRANTS = "".join(
    f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT ALL ON {kind} "
    "TO anon, authenticated, service_role;\n"
    for owner in ("CURRENT_USER", "supabase_admin")
    for kind in ("TABLES", "SEQUENCES", "FUNCTIONS")
)


def bootstrap_sql(
    grants: str = "explicit", search_path: tuple[str, ...] = DEFAULT_SEARCH_PATH
) -> str:
    """The SQL that prepares a database like a new Supabase project; ``grants="legacy"``
    adds the default grants of projects created before 2026-10-30 (explicit adds none and
    takes none away: a migration's own ALTER DEFAULT PRIVILEGES stays). The database's
    search_path is ``"$user"`` then ``search_path`` (names checked by settings)."""
    base = resources.files("supatools").joinpath("local_bootstrap.sql").read_text("utf-8")
    listed = ", ".join('"' + name.replace('"', '""') + '"' for name in search_path)
    path_sql = (
        "DO $supatools$\nBEGIN\n    EXECUTE format('ALTER DATABASE %I SET search_path TO "
        f'"$user", {listed.replace(chr(39), chr(39) * 2)}\', current_database());\n'
        "END\n$supatools$;\n"
    )
    return base + path_sql + (LEGACY_GRANTS if grants == "legacy" else "")


def bootstrap(
    url: str, grants: str = "explicit", search_path: tuple[str, ...] = DEFAULT_SEARCH_PATH
) -> None:
    """Run the Supabase bootstrap on the database at ``url`` (idempotent)."""
    import psycopg

    from supatools.db import connect
    from supatools.redact import show_url

    conn = connect(url, redacted=show_url(url), application_name="supatools local")
    try:
        conn.execute(bootstrap_sql(grants, search_path))
    except psycopg.Error as exc:
        raise LocalServerError(f"preparing the local database failed: {exc}") from None
    finally:
        conn.close()


#: the database supatools' maintenance connection uses: never dropped by supatools, and
#: only a connection's source (new databases are made from template0, which accepts
#: none), so a CREATE DATABASE never waits for another process connected here
MAINTENANCE_DB = "template1"


def ensure_database(maintenance_url: str, name: str = "postgres") -> bool:
    """Make sure database ``name`` exists and can be connected to; True when it had to be
    (re)created. Connects to ``maintenance_url`` (the server's template1): a reset killed
    between its DROP and its CREATE, or during its DROP (PostgreSQL then marks the database
    invalid), leaves no usable ``name``, and every later run would fail to connect."""
    import psycopg
    from psycopg import sql

    from supatools.db import connect
    from supatools.redact import show_url

    conn = connect(
        maintenance_url, redacted=show_url(maintenance_url), application_name="supatools local"
    )
    try:
        conn.autocommit = True
        row = conn.execute(
            "SELECT datconnlimit = -2 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if row is not None and not row[0]:
            return False
        if row is not None:  # left invalid by an interrupted DROP DATABASE
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        try:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
            )
        except psycopg.errors.DuplicateDatabase:
            return False  # another process re-created it first
        except psycopg.errors.UniqueViolation:
            # a CREATE of the same name was still running when ours began (the backend of
            # a reset killed between its CREATE and its bootstrap goes on): it committed
            # first, and nothing says it was bootstrapped; the bootstrap is idempotent
            return True
        return True
    except psycopg.Error as exc:
        raise LocalServerError(
            f"re-creating the missing local database {name!r} failed: {exc}; "
            "run 'supatools local reset'"
        ) from None
    finally:
        conn.close()


def recreate_database(maintenance_url: str, name: str = "postgres") -> None:
    """Drop database ``name`` (closing its sessions) and create it empty, through the
    maintenance connection; a run killed in between leaves it missing, which the next
    :func:`ensure_database` repairs."""
    import psycopg
    from psycopg import sql

    from supatools.db import connect
    from supatools.redact import show_url

    conn = connect(
        maintenance_url, redacted=show_url(maintenance_url), application_name="supatools local"
    )
    try:
        conn.autocommit = True
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise LocalServerError(
            f"re-creating the local database failed: {exc}; run 'supatools local reset' again"
        ) from None
    finally:
        conn.close()


def _process_alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another account's
    except OverflowError:
        return False
    return True


def drop_abandoned(conn: Conn, prefix: str) -> list[str]:
    """Drop the databases named ``<prefix><pid>_<10 hex>`` whose process is gone and that
    no session uses (what an interrupted rehearsal or drift left on the local server);
    their names. A name of another shape (a ``--keep`` copy, an older supatools') stays,
    and so does one whose process lives. The DROP is without FORCE: a session that
    connects in between makes it fail, and the database is left for the next run."""
    import re

    import psycopg
    from psycopg import sql

    owned_name = re.compile(re.escape(prefix) + r"(\d+)_[0-9a-f]{10}")
    rows = conn.execute(
        "SELECT d.datname::text FROM pg_database d WHERE starts_with(d.datname, %s) "
        "AND NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.datname = d.datname) "
        "ORDER BY 1",
        (prefix,),
    ).fetchall()
    dropped: list[str] = []
    for (name,) in rows:
        owned = owned_name.fullmatch(str(name))
        if owned is None or _process_alive(int(owned.group(1))):
            continue
        try:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(str(name))))
        except psycopg.Error:
            continue  # in use after all, or not ours to drop
        dropped.append(str(name))
    return dropped
