"""A cheap fingerprint of the catalog, kept with the migration history, so that ``migrate``
can say in one line that the database changed outside migrations since its last run.

The fingerprint is one md5 per object of the project's schemas (the same scope as drift's
snapshot): each table, view or sequence with everything that hangs on it (columns,
defaults, constraints, indexes, policies, triggers, grants, RLS flags, comments), each
function, schema, extension and publication. It hashes the catalog's own columns (stored
expression trees, ACLs, oids) rather than deparsing them as ``drift`` does: the fingerprint
is only ever compared with one taken on the same database, and deparsing (``pg_get_expr``)
is what makes a full snapshot slow. It is computed, stored and compared by the server:
``migrate`` sends :func:`check` with its lock (after the history's own statements) and
:func:`record` with its unlock, so the warning costs no round trip. Only a count and a
time come back; which objects changed, and how, is what ``supatools drift`` is for.

A fingerprint of another format or PostgreSQL major version is not compared: the run
records a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from supatools.drift.snapshot_sql import MANAGED, NOT_EXTENSION, SCHEMAS

#: bumped when what the fingerprint covers or how it hashes changes
FORMAT = 1

TABLE = "supabase_migrations.supatools_catalog"

_CREATE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id             boolean PRIMARY KEY DEFAULT true CHECK (id),
    taken_at       timestamptz NOT NULL,
    format         integer NOT NULL,
    server_version integer NOT NULL,
    history        text NOT NULL,
    objects        jsonb NOT NULL
)
"""


def _h(*columns: str) -> str:
    """A catalog row's hash: PostgreSQL's own 64-bit ``hashtextextended`` of its columns'
    text joined (a NULL written as ``-``, so that a value moving between two nullable
    columns still changes it). A change detector, not a signature: at 20,000 tables this
    is twice as fast as hashing ``row(...)::text`` and four times as fast as md5."""
    joined = ", ".join(f"coalesce(({column})::text, '-')" for column in columns)
    return f"hashtextextended(concat_ws(',', {joined}), 0)"


#: (the object's key, the catalog columns hashed, where the rows come from)
_PARTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("'n ' || n.nspname", ("n.nspowner", "n.nspacl"),
     "pg_namespace n WHERE n.oid IN (SELECT oid FROM ns)"),
    ("r.k", ("c.relkind", "c.relowner", "c.relrowsecurity", "c.relforcerowsecurity", "c.relacl",
             "c.reloptions", "c.relpersistence"),
     "rel r JOIN pg_class c ON c.oid = r.oid"),
    ("r.k", ("a.attnum", "a.attname", "a.atttypid", "a.atttypmod", "a.attnotnull",
             "a.attidentity", "a.attgenerated", "a.attacl"),
     "rel r JOIN pg_attribute a ON a.attrelid = r.oid WHERE a.attnum > 0 "
     "AND NOT a.attisdropped"),
    ("r.k", ("d.adnum", "d.adbin"), "rel r JOIN pg_attrdef d ON d.adrelid = r.oid"),
    ("r.k", ("k.conname", "k.contype", "k.conkey", "k.confrelid", "k.confkey", "k.conbin",
             "k.convalidated", "k.condeferrable", "k.condeferred", "k.confupdtype",
             "k.confdeltype"),
     "rel r JOIN pg_constraint k ON k.conrelid = r.oid"),
    ("r.k", ("i.relname", "x.indkey", "x.indclass", "x.indexprs", "x.indpred", "x.indisunique",
             "i.reloptions"),
     "rel r JOIN pg_index x ON x.indrelid = r.oid JOIN pg_class i ON i.oid = x.indexrelid"),
    ("r.k", ("p.polname", "p.polcmd", "p.polpermissive", "p.polroles", "p.polqual",
             "p.polwithcheck"),
     "rel r JOIN pg_policy p ON p.polrelid = r.oid"),
    ("r.k", ("t.tgname", "t.tgfoid", "t.tgtype", "t.tgenabled", "t.tgattr", "t.tgargs",
             "t.tgqual"),
     "rel r JOIN pg_trigger t ON t.tgrelid = r.oid WHERE NOT t.tgisinternal"),
    ("r.k", ("w.ev_action",), "rel r JOIN pg_rewrite w ON w.ev_class = r.oid"),
    ("r.k", ("d.objsubid", "d.description"),
     "rel r JOIN pg_description d ON d.objoid = r.oid AND d.classoid = 'pg_class'::regclass"),
    ("f.k", ("f.prorettype", "f.prosecdef", "f.proconfig", "f.proacl", "f.provolatile",
             "f.prolang", "f.proowner", "f.prokind", "f.prosrc",
             "obj_description(f.oid, 'pg_proc')"),
     "fn f"),
    ("'e ' || e.extname", ("e.extnamespace",), "pg_extension e WHERE e.extname <> 'plpgsql'"),
    ("'u ' || u.pubname", ("u.puballtables", "u.pubinsert", "u.pubupdate", "u.pubdelete",
                           "u.pubtruncate", "ARRAY(SELECT pr.prrelid FROM pg_publication_rel "
                           "pr WHERE pr.prpubid = u.oid ORDER BY 1)"),
     "pg_publication u"),
)  # fmt: skip

#: ``(key, hash)`` per object: the md5 of the sorted hashes of its catalog rows
_LIVE = f"""
WITH ns AS ({SCHEMAS}),
rel AS (SELECT c.oid, 'c ' || c.relnamespace::regnamespace || '.' || c.relname AS k
        FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns)
        AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND {NOT_EXTENSION.format(cat="'pg_class'", oid="c.oid")}),
fn AS (SELECT p.*, 'p ' || p.oid::regprocedure AS k FROM pg_proc p
       WHERE p.pronamespace IN (SELECT oid FROM ns)
       AND {NOT_EXTENSION.format(cat="'pg_proc'", oid="p.oid")}),
part (k, h) AS ({" UNION ALL ".join(f"SELECT {k}, {_h(*c)} FROM {f}" for k, c, f in _PARTS)})
SELECT k, md5(string_agg(h::text, ',' ORDER BY h)) AS h FROM part GROUP BY k
"""

_VERSION = "current_setting('server_version_num')::integer"

#: the applied versions, as one md5: another tool's migrations change it (``db push``)
_HISTORY = (
    "(SELECT md5(coalesce(string_agg(version, ',' ORDER BY version), '')) "
    "FROM supabase_migrations.schema_migrations)"
)

_CHECK = f"""
WITH live AS ({_LIVE}),
     was AS (SELECT e.key AS k, e.value AS h FROM {TABLE} c, jsonb_each_text(c.objects) e
             WHERE c.format = %(format)s AND c.server_version = {_VERSION})
SELECT c.taken_at,
       (SELECT count(*) FROM live FULL JOIN was USING (k) WHERE live.h IS DISTINCT FROM was.h),
       c.history <> {_HISTORY}
FROM {TABLE} c WHERE c.format = %(format)s AND c.server_version = {_VERSION}
"""

_RECORD = f"""
INSERT INTO {TABLE} (id, taken_at, format, server_version, history, objects)
SELECT true, clock_timestamp(), %(format)s, {_VERSION}, {_HISTORY},
       coalesce(jsonb_object_agg(live.k, live.h), '{{}}'::jsonb)
FROM ({_LIVE}) AS live
ON CONFLICT (id) DO UPDATE SET taken_at = EXCLUDED.taken_at, format = EXCLUDED.format,
    server_version = EXCLUDED.server_version, history = EXCLUDED.history,
    objects = EXCLUDED.objects
"""

#: the stored fingerprint made this run's without hashing the catalog again: for a run that
#: changed nothing and found the catalog as recorded when it took the lock
_TOUCH = f"""
UPDATE {TABLE} SET taken_at = clock_timestamp()
WHERE format = %(format)s AND server_version = {_VERSION}
"""

_PARAMS = {"managed": list(MANAGED), "format": FORMAT}

#: JIT compiles these queries for longer than they run (3-4 s against 0.6 s at 20,000
#: tables on PostgreSQL 15); LOCAL: the batch's implicit transaction only
_NO_JIT = "SET LOCAL jit = off"


@dataclass(frozen=True)
class Changed:
    """How many objects differ from the fingerprint the last run recorded, when that was,
    and whether the migration history changed since (another tool applied migrations)."""

    count: int
    since: datetime
    history_changed: bool = False


def check() -> list[tuple[str, dict[str, Any]]]:
    """The statements that create the fingerprint's table when missing and compare the
    live catalog with the stored fingerprint (the last one's rows: :func:`changed`)."""
    return [(_CREATE, {}), (_NO_JIT, {}), (_CHECK, _PARAMS)]


def changed(rows: list[tuple[Any, ...]]) -> Changed | None:
    """The comparison's answer: None when no comparable fingerprint was stored."""
    if not rows:
        return None
    since, count, history_changed = rows[0]
    return Changed(int(count), since, bool(history_changed))


def record() -> list[tuple[str, dict[str, Any]]]:
    """The statements that store the live catalog's fingerprint (its table made first
    when missing)."""
    return [(_CREATE, {}), (_NO_JIT, {}), (_RECORD, _PARAMS)]


def touch() -> list[tuple[str, dict[str, Any]]]:
    """The statement that dates the stored fingerprint to this run, unchanged: what a run
    records when no migration was pending, it applied no seed, nothing failed, and
    :func:`changed` found nothing changed (the stored hashes are then the live ones). A
    change another session makes while the run holds the lock is not taken into them, so
    the next run still says it, dated "since" this run's end."""
    return [(_TOUCH, {"format": FORMAT})]


def unchanged(found: Changed | None) -> bool:
    """Whether the catalog and the history are as the last run recorded them."""
    return found is not None and not found.count and not found.history_changed


def warning(found: Changed) -> str:
    """The one line ``migrate`` says."""
    when = found.since.strftime("%Y-%m-%d %H:%M %Z").strip()
    if found.history_changed:
        return (
            f"{found.count} object(s) of the database changed since the last supatools migrate "
            f"({when}), and so did the migration history (supabase db push, repair, baseline): "
            "run supatools drift to see what no migration did"
        )
    return (
        f"{found.count} object(s) of the database changed outside migrations since the last "
        f"supatools migrate ({when}); run supatools drift to see what, and keep or undo it"
    )
