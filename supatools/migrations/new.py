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
from supatools.locks import names, qualified
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


@dataclass(frozen=True)
class Before:
    """What the earlier files leave of the objects ``new``'s template creates for a table,
    as their parse trees say (the inference lint makes: a CREATE TABLE in an earlier file
    creates the table; here a later DROP or RENAME in them takes it away again)."""

    creator: str | None  # the earlier file whose table this is
    unknown: str | None  # why the files cannot tell (a file that does not parse, code)
    indexes: frozenset[str]  # schema.index created by earlier files
    policies: frozenset[str]  # policies on the table created by earlier files


def before(local: list[files.MigrationFile], table: str) -> Before:
    """What ``local`` (every earlier file, in order) leaves of ``public.<table>``."""
    from supatools.errors import MigrationFileError
    from supatools.migrations.statements import raw_statements

    target = f"public.{table}"
    creator: str | None = None
    unknown: str | None = None
    indexes: set[str] = set()
    policies: set[str] = set()
    named = re.compile(rf"\b{re.escape(table)}\b", re.IGNORECASE)
    for migration in local:
        try:
            nodes = raw_statements(migration)
        except MigrationFileError:
            unknown = unknown or f"{migration.filename} does not parse"
            continue
        for node, start, length in nodes:
            kind, fields = node.kind, node.fields
            if kind == "CreateStmt" and qualified(fields["relation"]) == target:
                creator = migration.filename
            elif kind == "CreateTableAsStmt" and qualified(fields["into"]["rel"]) == target:
                creator = migration.filename
            elif kind == "RenameStmt" and fields.get("renameType") == "OBJECT_TABLE":
                old = qualified(fields["relation"])
                if old == target:
                    creator = None
                if f"{old.split('.')[0]}.{fields.get('newname')}" == target:
                    creator = migration.filename
            elif kind == "DropStmt" and fields.get("removeType") == "OBJECT_TABLE":
                for item in fields.get("objects", []):
                    parts = names(item.get("List", {}).get("items"))
                    if ".".join(["public", *parts][-2:]) == target:
                        creator = None
            elif kind == "IndexStmt" and fields.get("idxname"):
                schema = fields["relation"].get("schemaname") or "public"
                indexes.add(f"{schema}.{fields['idxname']}")
            elif kind == "CreatePolicyStmt" and qualified(fields["table"]) == target:
                policies.add(str(fields["policy_name"]))
            elif kind in ("DoStmt", "CreateFunctionStmt") and named.search(
                migration.text[start : start + length]
            ):
                unknown = unknown or f"{migration.filename} runs code that names {table}"
    return Before(creator, unknown, frozenset(indexes), frozenset(policies))


def _comment(text: str) -> list[str]:
    import textwrap

    return [f"-- {line}" for line in textwrap.wrap(text, 84, break_on_hyphens=False)]


def down_template(slug: str, version: str, creates: str | None, earlier: Before | None) -> str:
    """The rollback: it drops only what this migration creates and no earlier file does;
    where the earlier files cannot tell, every statement is commented out with a note."""
    lines = [
        f"-- Rollback of {version}_{slug}: <what it undoes; the data it loses>.",
        "",
    ]
    if not creates:
        return "\n".join([*lines, "-- <statements that undo it>"]) + "\n"
    earlier = earlier or Before(None, None, frozenset(), frozenset())
    table = f"public.{creates}"
    if earlier.creator is None and earlier.unknown is None:
        return "\n".join([*lines, f"drop table if exists {table};"]) + "\n"
    if earlier.creator is None:
        note = (
            f"supatools cannot tell whether an earlier migration creates {table} "
            f"({earlier.unknown}). If one does, dropping it here takes the table and its rows "
            "while history still lists that migration as applied: check, then uncomment "
            "what this migration alone creates."
        )
        lines[-1:] = ["--", *_comment(note), "", f"-- drop table if exists {table};"]
        return "\n".join(lines) + "\n"
    note = (
        f"{table} is created by an earlier migration ({earlier.creator}), not by this one: "
        "this rollback keeps the table and its rows, and drops only what this migration "
        "adds. Its GRANTs, comment and row level security stay as they are."
    )
    lines[-1:] = ["--", *_comment(note), ""]
    policy = f"owners read their {creates}"
    undo = []
    if policy not in earlier.policies:
        undo.append(f'drop policy if exists "{policy}" on {table};')
    if f"public.{creates}_user_id_idx" not in earlier.indexes:
        undo.append(f"drop index if exists public.{creates}_user_id_idx;")
    lines += undo or ["-- <the earlier migrations create its index and policy too: nothing>"]
    return "\n".join(lines) + "\n"


def write_new(path: Path, text: str, command: str = "supatools new") -> None:
    """Create the migration ``path`` holding ``text``; an existing file is never
    overwritten (exit 2, naming ``command``)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UsageError(f"{path} exists; {command} never overwrites a file") from None
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
    write_new(path, template(slug, version, requires, table))
    down_path = None
    if down:
        down_path = folder / f"{version}_{slug}.down.sql"
        creates = _new_table(slug)
        earlier = before(local, creates) if creates else None
        write_new(down_path, down_template(slug, version, creates, earlier))
    return Created(path, down_path, requires)
