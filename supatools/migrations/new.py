"""``supatools new NAME``: a migration file that starts with the team's practices.

The file gets a version after every existing one (the clock's UTC time, or one more than
the newest when the clock is behind), a leading comment block (purpose, tables,
dependencies), a ``requires`` line naming the newest migration that creates a table the
name mentions, and idempotent skeletons: for a new table, RLS, a policy and the GRANTs
that new Supabase projects no longer give by default. It never overwrites a file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from supatools.errors import UsageError
from supatools.migrations import files


@dataclass(frozen=True)
class Created:
    path: Path
    down: Path | None
    requires: str | None


def normalise(name: str) -> str:
    """``Add Workout Notes!`` -> ``add_workout_notes``; camelCase is split too."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    snake = re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
    return snake


def next_version(existing: list[str], now: datetime | None = None) -> str:
    """The clock's UTC time as YYYYMMDDHHMMSS, or one second after the newest existing
    version when the clock is not ahead of it."""
    moment = now or datetime.now(timezone.utc)
    version = moment.strftime("%Y%m%d%H%M%S")
    numeric = [int(v) for v in existing if v.isdigit() and len(v) == 14]
    if numeric and int(version) <= max(numeric):
        return str(max(numeric) + 1)
    return version


def _created_tables(migration: files.MigrationFile) -> set[str]:
    """Tables a migration creates (unqualified names), from PostgreSQL's parse tree."""
    from supatools.errors import MigrationFileError
    from supatools.migrations.statements import raw_statements

    found: set[str] = set()
    try:
        for node, _start, _length in raw_statements(migration):
            if node.kind == "CreateStmt":
                relation = node.fields.get("relation") or {}
                if relation.get("relname"):
                    found.add(str(relation["relname"]))
    except MigrationFileError:
        pass  # a file that does not parse says so in migrate; no requirement from it
    return found


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def requirement(slug: str, local: list[files.MigrationFile]) -> tuple[str | None, str | None]:
    """(the newest migration creating a table the name mentions, that table)."""
    words = set(slug.split("_"))
    wanted = {_singular(w) for w in words} | words
    for migration in reversed(local):
        for table in sorted(_created_tables(migration)):
            parts = {table, _singular(table), *table.split("_")}
            if wanted & parts and (table in slug or _singular(table) in wanted):
                return f"{migration.version}_{migration.name}", table
    return None, None


def _new_table(slug: str) -> str | None:
    """The table a name like ``create_workout_notes`` or ``add_notes_table`` makes."""
    match = re.fullmatch(r"create_(?P<table>[a-z0-9_]+?)(?:_table)?", slug) or re.fullmatch(
        r"add_(?P<table>[a-z0-9_]+?)_table", slug
    )
    if match and not match["table"].startswith(("column", "index", "policy", "trigger")):
        return match["table"]
    return None


def template(slug: str, version: str, requires: str | None, table: str | None) -> str:
    creates = _new_table(slug)
    lines = [
        f"-- {slug.replace('_', ' ').capitalize()}.",
        "--",
        "-- Purpose: <what this migration changes, and why>",
        f"-- Tables: {creates or table or '<the tables it touches>'}",
        "-- Rollback: see the .down.sql beside this file",
    ]
    if requires:
        lines.append(f"-- supatools:requires {requires}")
    else:
        lines.append("-- Dependencies: <earlier migrations it needs: -- supatools:requires ...>")
    lines.append("")
    if creates:
        lines += [
            f"create table if not exists public.{creates} (",
            "    id         uuid primary key default gen_random_uuid(),",
            "    user_id    uuid not null references auth.users (id) on delete cascade,",
            "    created_at timestamptz not null default now()",
            ");",
            "",
            f"comment on table public.{creates} is '<what a row is>';",
            "",
            f"create index if not exists {creates}_user_id_idx on public.{creates} (user_id);",
            "",
            f"alter table public.{creates} enable row level security;",
            "",
            f'drop policy if exists "owners read their {creates}" on public.{creates};',
            f'create policy "owners read their {creates}"',
            f"    on public.{creates} for select",
            "    to authenticated",
            "    using ((select auth.uid()) = user_id);",
            "",
            "-- New Supabase projects no longer grant new tables to the API roles: say what",
            "-- each role may do.",
            f"grant select on public.{creates} to authenticated;",
            f"grant select, insert, update, delete on public.{creates} to service_role;",
        ]
    else:
        target = table or "<table>"
        lines += [
            "-- Idempotent changes run safely twice, e.g.:",
            f"-- alter table public.{target} add column if not exists <column> <type>;",
            f"-- create index if not exists <name> on public.{target} (<column>);",
            f'-- drop policy if exists "<policy>" on public.{target};',
            f'-- create policy "<policy>" on public.{target} for select to authenticated',
            "--     using ((select auth.uid()) = user_id);",
        ]
    return "\n".join(lines) + "\n"


def down_template(slug: str, version: str, creates: str | None) -> str:
    lines = [
        f"-- Rollback of {version}_{slug}: <what it undoes; the data it loses>.",
        "",
    ]
    lines.append(
        f"drop table if exists public.{creates};" if creates else "-- <statements that undo it>"
    )
    return "\n".join(lines) + "\n"


def _write_new(path: Path, text: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UsageError(f"{path} exists; supatools new never overwrites a file") from None
    except OSError as exc:
        raise UsageError(f"cannot create {path} ({exc.strerror})") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def create(folder: Path, name: str, *, down: bool = False, now: datetime | None = None) -> Created:
    """Write ``<folder>/<version>_<name>.sql`` (and its ``.down.sql``)."""
    slug = normalise(name)
    if not slug:
        raise UsageError(f"migration name {name!r} has no letters or digits; name what it does")
    local = files.discover(folder) if folder.is_dir() else []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {folder} ({exc.strerror})") from None
    version = next_version([m.version for m in local], now)
    requires, table = requirement(slug, local)
    path = folder / f"{version}_{slug}.sql"
    _write_new(path, template(slug, version, requires, table))
    down_path = None
    if down:
        down_path = folder / f"{version}_{slug}.down.sql"
        _write_new(down_path, down_template(slug, version, _new_table(slug)))
    return Created(path, down_path, requires)
