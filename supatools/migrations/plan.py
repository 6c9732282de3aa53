"""Compare local files with applied history: status of each migration, and the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from operator import attrgetter
from typing import Protocol

from supatools.errors import MigrationFileError, PlanRefused
from supatools.migrations.files import MigrationFile
from supatools.migrations.history import HistoryRow


class State(str, Enum):
    """Where a migration stands."""

    APPLIED = "applied"
    PENDING = "pending"
    MODIFIED = "modified"  # applied, but the file changed since
    MISSING = "missing"  # applied, no local file
    OUT_OF_ORDER = "out-of-order"  # pending, older than the newest applied


@dataclass(frozen=True)
class StatusEntry:
    """One row of ``migrate --status``."""

    version: str
    name: str
    state: State
    description: str
    applied_at: datetime | None
    applied_by: str | None
    migration: MigrationFile | None


def _entry(
    version: str,
    name: str,
    state: State,
    description: str,
    applied_at: datetime | None,
    applied_by: str | None,
    migration: MigrationFile | None,
) -> StatusEntry:
    """``StatusEntry(...)`` without the generated ``__init__``'s seven frozen-attribute
    sets, half of :func:`status`'s time over 10,000 files (tested field for field)."""
    entry = object.__new__(StatusEntry)
    object.__setattr__(
        entry,
        "__dict__",
        {
            "version": version,
            "name": name,
            "state": state,
            "description": description,
            "applied_at": applied_at,
            "applied_by": applied_by,
            "migration": migration,
        },
    )
    return entry


class Applied(Protocol):
    """What :func:`status` reads of a history row: a :class:`HistoryRow`, or the lighter
    row ``migrate --status`` reads (:mod:`supatools.migrations.status`)."""

    @property
    def version(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def checksum(self) -> str | None: ...
    @property
    def applied_at(self) -> datetime | None: ...
    @property
    def applied_by(self) -> str | None: ...
    @property
    def statements(self) -> Sequence[str] | None: ...


@dataclass(frozen=True)
class Plan:
    """What a run will apply, and the drift it found."""

    status: tuple[StatusEntry, ...]
    pending: tuple[MigrationFile, ...]  # to apply, in order


def _is_modified(migration: MigrationFile, row: Applied) -> bool:
    if row.checksum is not None:
        return row.checksum != migration.checksum
    if row.statements is None:
        return False  # nothing recorded to compare with
    from supatools.migrations.statements import comparable

    return comparable("\n".join(row.statements)) != comparable(migration.text)


def status(local: list[MigrationFile], history: Sequence[Applied]) -> tuple[StatusEntry, ...]:
    """Local files and applied history side by side, in version order (history may come
    in any order)."""
    applied = {row.version: row for row in history}
    # a row another tool wrote with a version that is not digits ('abc') is shown, but
    # says nothing about order: it must not make every new migration "out-of-order"
    newest_applied = max((v for v in applied if v.isdigit()), default="")
    entries: list[StatusEntry] = []
    append = entries.append
    local_versions = set()
    for migration in local:
        version = migration.version
        local_versions.add(version)
        row = applied.get(version)
        if row is None:
            state = State.OUT_OF_ORDER if version < newest_applied else State.PENDING
            append(
                _entry(version, migration.name, state, migration.description, None, None, migration)
            )
            continue
        # the checksums compared here, not through _is_modified: 10,000 calls are felt
        if row.checksum is not None:
            modified = row.checksum != migration.checksum
        else:
            modified = _is_modified(migration, row)
        append(
            _entry(
                version,
                migration.name,
                State.MODIFIED if modified else State.APPLIED,
                migration.description,
                row.applied_at,
                row.applied_by,
                migration,
            )
        )
    for row in history:
        if row.version not in local_versions:
            append(
                _entry(
                    row.version,
                    row.name,
                    State.MISSING,
                    "" if row.version.isdigit() else "not a migration version; ignored for order",
                    row.applied_at,
                    row.applied_by,
                    None,
                )
            )
    entries.sort(key=attrgetter("version"))
    return tuple(entries)


def blocking(entries: tuple[StatusEntry, ...]) -> list[StatusEntry]:
    """Entries that stop a plain ``migrate`` run: modified or out-of-order migrations."""
    return [e for e in entries if e.state in (State.MODIFIED, State.OUT_OF_ORDER)]


def build(
    local: list[MigrationFile],
    history: list[HistoryRow],
    *,
    only: MigrationFile | None = None,
    include_all: bool = False,
) -> Plan:
    """Decide what to apply; refuse (exit 1) on modified files, out-of-order or unmet requires."""
    entries = status(local, history)
    modified = [e for e in entries if e.state is State.MODIFIED]
    if modified:
        names = ", ".join(f"{e.version}_{e.name}.sql" for e in modified)
        raise PlanRefused(
            f"applied migration(s) changed since they ran: {names}; nothing was applied. "
            "Restore the applied text and put the change in a new migration"
        )
    applied_versions = {row.version for row in history}
    known = {m.version: m for m in local}
    for migration in local:
        for req in migration.requires:
            target = known.get(req.version)
            if target is None and req.version not in applied_versions:
                raise MigrationFileError(
                    f"{migration.path}:{req.line}: requires {req}, which is neither a local "
                    "migration nor in the applied history; fix the directive"
                )
            if target is not None and req.name and req.name != target.name:
                raise MigrationFileError(
                    f"{migration.path}:{req.line}: requires {req}, but version {req.version} "
                    f"is {target.stem}; fix the directive"
                )

    if only is not None:
        state = next(e.state for e in entries if e.version == only.version)
        if state is State.APPLIED:
            return Plan(entries, ())
        unmet = [str(r) for r in only.requires if r.version not in applied_versions]
        if unmet:
            raise PlanRefused(
                f"{only.filename} requires {', '.join(unmet)}, not applied yet; apply "
                "those first (or run migrate without --file)"
            )
        return Plan(entries, (only,))

    out_of_order = [e for e in entries if e.state is State.OUT_OF_ORDER]
    if out_of_order and not include_all:
        names = ", ".join(f"{e.version}_{e.name}.sql" for e in out_of_order)
        raise PlanRefused(
            f"pending migration(s) older than the newest applied one: {names}; nothing was "
            "applied. Rename them with a newer timestamp, or pass --include-all to apply them"
        )
    pending = tuple(
        e.migration
        for e in entries
        if e.state in (State.PENDING, State.OUT_OF_ORDER) and e.migration is not None
    )
    return Plan(entries, pending)
