"""Output of ``migrate``: --list, --status, the apply summary, --dry-run, progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supatools.render.output import Output, plain_table, printable, write_sql

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from supatools.migrations.apply import AppliedMigration, MigrateResult, Progress
    from supatools.migrations.files import MigrationFile
    from supatools.migrations.plan import StatusEntry


# --- migrate --list -------------------------------------------------------------------


def migration_list(out: Output, migrations: list[MigrationFile]) -> None:
    if out.json_mode:
        out.json(
            {
                "ok": True,
                "migrations": [
                    {
                        "version": m.version,
                        "name": m.name,
                        "file": m.filename,
                        "description": m.description,
                        "no_transaction": m.no_transaction,
                        "requires": [str(r) for r in m.requires],
                        "down": m.down_path.name if m.down_path else None,
                    }
                    for m in migrations
                ],
            }
        )
        return
    rows = []
    for m in migrations:
        directives = []
        if m.no_transaction:
            directives.append("no-transaction")
        if m.requires:
            directives.append("requires " + ", ".join(str(r) for r in m.requires))
        if m.down_path:
            directives.append("has .down.sql")
        rows.append([m.version, m.name, "; ".join(directives), m.description])
    out.stdout.write(f"{len(migrations)} migration(s)\n")
    out.stdout.write(plain_table(["version", "name", "directives", "description"], rows))


# --- migrate --status -----------------------------------------------------------------


def migration_status(
    out: Output, database: str, entries: tuple[StatusEntry, ...], ok: bool
) -> None:
    if out.json_mode:
        out.json(
            {
                "ok": ok,
                "database": database,
                "migrations": [
                    {
                        "version": e.version,
                        "name": e.name,
                        "state": e.state.value,
                        "applied_at": e.applied_at,
                        "applied_by": e.applied_by,
                        "description": e.description,
                    }
                    for e in entries
                ],
            }
        )
        return
    counts: dict[str, int] = {}
    for e in entries:  # _value_: Enum's ``value`` is a property, 10,000 calls are felt
        counts[e.state._value_] = counts.get(e.state._value_, 0) + 1
    summary = ", ".join(f"{n} {state}" for state, n in counts.items()) or "no migrations"
    out.stdout.write(f"{printable(database)}: {summary}\n")
    out.stdout.write(status_table(entries))


#: the --status table's columns
STATUS_HEADERS = ("version", "name", "state", "applied at", "description")


def status_table(entries: tuple[StatusEntry, ...]) -> str:
    """``plain_table`` of the status rows, to the byte, built column by column: 10,000
    rows are one escape check per column (not per cell), one width per column and one
    format per row, instead of ~0.1 s of cell-by-cell work."""
    columns = [
        [e.version for e in entries],
        [e.name for e in entries],
        [e.state._value_ for e in entries],
        _applied_at_column(entries),
        [e.description for e in entries],
    ]
    for index, column in enumerate(columns):
        joined = " ".join(column)  # a space is never escaped: one search for the column
        if printable(joined) != joined:
            columns[index] = [printable(cell) for cell in column]
    widths = [
        max(len(header), max(map(len, column), default=0))
        for header, column in zip(STATUS_HEADERS, columns, strict=True)
    ]
    # every column padded to its width but the last, as plain_table; the line stripped
    row_format = " | ".join(f"{{:<{width}}}" for width in widths[:-1]) + " | {}"
    lines = [row_format.format(*STATUS_HEADERS).rstrip(), "-+-".join("-" * w for w in widths)]
    lines.extend(row_format.format(*row).rstrip() for row in zip(*columns, strict=True))
    return "\n".join(lines) + "\n"


def _applied_at_column(entries: tuple[StatusEntry, ...]) -> list[str]:
    """Each entry's :func:`_applied_at`, converted once per UTC second: the instants of one
    second show alike (offsets are whole seconds, the text stops at the second), and a
    migrate run records its files within a few seconds."""
    from datetime import datetime, timedelta, timezone

    epoch, second = datetime(1970, 1, 1, tzinfo=timezone.utc), timedelta(seconds=1)
    shown: dict[int, str] = {}
    column: list[str] = []
    for entry in entries:
        value = entry.applied_at
        if value is None or value.utcoffset() is None:  # naive: no instant to key on
            column.append(_applied_at(value))
            continue
        key = (value - epoch) // second
        text = shown.get(key)
        if text is None:
            text = shown[key] = _applied_at(value)
        column.append(text)
    return column


def _applied_at(value: datetime | None) -> str:
    """``when``, faster: ISO format in local time, cut at the seconds (a year before 1000,
    which ``strftime``'s %Y does not pad, goes through ``strftime``)."""
    if value is None:
        return ""
    local = value.astimezone()
    if local.year < 1000:
        return local.strftime("%Y-%m-%d %H:%M:%S")
    return local.isoformat(" ", "seconds")[:19]


# --- migrate (apply, dry run) ---------------------------------------------------------


def migrate_result(out: Output, result: MigrateResult) -> None:
    from supatools.render.audit import audit_document, write_audit

    if result.mode == "dry-run":
        _dry_run(out, result)
        return
    if out.json_mode:
        out.json(
            {
                "ok": result.audit is None or result.audit.ok,
                "mode": "apply",
                "database": result.database,
                "migrations_dir": str(result.folder),
                "seeded": (
                    {
                        "files": [str(p) for p in result.seeded.files],
                        "statements": result.seeded.statements,
                    }
                    if result.seeded is not None
                    else None
                ),
                "rolled_back": result.rolled_back,
                "verify": audit_document(result.audit) if result.audit else None,
                "applied": [
                    {
                        "version": a.version,
                        "name": a.name,
                        "file": a.filename,
                        "statements": a.statements,
                        "duration_ms": a.duration_ms,
                        "no_transaction": a.no_transaction,
                    }
                    for a in result.applied
                ],
            }
        )
        return
    if result.seeded is not None:
        out.note(
            f"seeded from {', '.join(str(p) for p in result.seeded.files)} "
            f"({result.seeded.statements} statements)"
        )
    if result.audit is not None:
        write_audit(out, result.audit)
    if result.rolled_back:
        out.out.print(
            f"{printable(result.database)}: --atomic run rolled back because the RLS audit failed; "
            "nothing was applied",
            soft_wrap=True,
            markup=False,
        )
        return
    if not result.applied:
        out.out.print(
            f"{printable(result.database)}: up to date with {printable(str(result.folder))}, "
            "nothing to apply",
            soft_wrap=True,
            markup=False,
        )
        return
    total_ms = sum(a.duration_ms for a in result.applied)
    out.stdout.write(
        f"{printable(result.database)}: applied {len(result.applied)} migration(s) "
        f"in {total_ms} ms\n"
    )
    out.stdout.write(ran_table(result.applied))


def ran_table(ran: tuple[AppliedMigration, ...]) -> str:
    """The migrations (or rollbacks) a run executed: version, name, mode, size, time."""
    rows = [
        [
            a.version,
            a.name,
            "no-transaction" if a.no_transaction else "transaction",
            str(a.statements),
            str(a.duration_ms),
        ]
        for a in ran
    ]
    return plain_table(["version", "name", "mode", "statements", "ms"], rows)


def _plan_of(result: MigrateResult, version: str) -> list[dict[str, Any]]:
    plan = []
    for line, effect in result.locks.get(version, []):
        rows, size = result.sizes.get(effect.table, (None, None))
        plan.append(
            {
                "line": line,
                "table": effect.table,
                "lock": effect.lock,
                "statement": effect.what,
                "work": effect.work or None,
                "rows": rows,
                "bytes": size,
            }
        )
    return plan


def summary_of(result: MigrateResult, version: str) -> str:
    """One line: the strongest lock on an existing table, its size, and the advice."""
    from supatools.locks import STRENGTH, human_bytes, human_rows

    effects = [e for _, e in result.locks.get(version, []) if e.table in result.sizes]
    if not effects:
        return "touches no existing table: nothing of the app's traffic waits on it"
    strongest = max(effects, key=lambda e: (STRENGTH[e.lock], e.work != ""))
    rows, size = result.sizes[strongest.table]
    work = {"rewrite": " with a rewrite", "scan": " while reading every row", "rows": ""}.get(
        strongest.work, ""
    )
    heavy = strongest.work in ("rewrite", "scan", "rows") and (rows >= 100_000 or size >= 1 << 28)
    advice = " — run off-peak or split" if heavy or strongest.lock == "ACCESS EXCLUSIVE" else ""
    return (
        f"locks {strongest.table} ({human_rows(rows)}, {human_bytes(size)}) "
        f"{strongest.lock}{work}{advice}"
    )


def _dry_run(out: Output, result: MigrateResult) -> None:
    from supatools.locks import human_bytes, human_rows

    findings: dict[str, list[Any]] = {}
    for f in result.lint:
        findings.setdefault(f.path.name, []).append(f)
    if out.json_mode:
        out.json(
            {
                "ok": True,
                "mode": "dry-run",
                "database": result.database,
                "pending": [
                    {
                        "version": p.migration.version,
                        "name": p.migration.name,
                        "file": p.migration.filename,
                        "no_transaction": p.migration.no_transaction,
                        "statements": len(p.statements),
                        "sql": p.migration.text,
                        "plan": _plan_of(result, p.migration.version),
                        "summary": summary_of(result, p.migration.version),
                        "lint": [
                            {"rule": f.rule, "level": f.level, "line": f.line, "message": f.message}
                            for f in findings.get(p.migration.filename, [])
                        ],
                    }
                    for p in result.to_apply
                ],
            }
        )
        return
    if not result.to_apply:
        out.out.print(
            f"{printable(result.database)}: up to date, nothing would be applied",
            soft_wrap=True,
            markup=False,
        )
        return
    out.out.print(
        f"-- dry run against {printable(result.database)}: {len(result.to_apply)} migration(s) "
        "would be "
        "applied; nothing was written",
        markup=False,
        soft_wrap=True,
    )
    for p in result.to_apply:
        mode = "outside a transaction" if p.migration.no_transaction else "in one transaction"
        lines = [
            f"\n-- {printable(p.migration.filename)} ({len(p.statements)} statement(s), {mode})"
        ]
        lines.append(f"-- plan: {printable(summary_of(result, p.migration.version))}")
        for line, effect in result.locks.get(p.migration.version, []):
            if effect.table not in result.sizes:
                continue  # a table the run creates first, or that does not exist yet
            rows, size = result.sizes[effect.table]
            work = f", {effect.work}" if effect.work else ""
            lines.append(
                f"--   line {line}: {printable(effect.what)}: {effect.lock} on "
                f"{printable(effect.table)}{work} "
                f"({human_rows(rows)}, {human_bytes(size)})"
            )
        for f in findings.get(p.migration.filename, []):
            lines.append(f"--   lint line {f.line}: {f.level} {f.rule}: {printable(f.message)}")
        out.stdout.write("\n".join(lines) + "\n")
        # the SQL verbatim: no wrapping, no markup, so it can be piped to psql
        write_sql(out, p.migration.text)


class ProgressReporter:
    """Progress on stderr: a Rich bar on a terminal, plain lines otherwise."""

    def __init__(self, out: Output, folder: Path | None = None, database: str = "") -> None:
        self.out = out
        self.interactive = out.stderr.isatty() and not out.json_mode
        self._progress: Any = None
        self._task: Any = None
        #: said once, before the first migration: which folder goes to which database
        self._header = (
            f"applying from {folder} to {database}" if folder is not None and database else ""
        )

    def __call__(self, event: Progress) -> None:
        name = printable(event.migration.filename)
        if self._header:
            self.out.note(f"{self._header} ({event.total} pending)")
            self._header = ""
        if self.interactive:
            self._rich(event, name)
            return
        if event.duration_ms is None and event.through is not None:
            last, through = event.through[0], printable(event.through[1].filename)
            self.out.note(f"[{event.index}-{last}/{event.total}] applying {name} … {through}")
        elif event.duration_ms is None:
            self.out.note(f"[{event.index}/{event.total}] applying {name}")
        else:
            self.out.note(f"[{event.index}/{event.total}] applied {name} ({event.duration_ms} ms)")

    def _rich(self, event: Progress, name: str) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        if self._progress is None:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=self.out.err,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("migrating", total=event.total)
        if event.duration_ms is None:
            from rich.markup import escape

            if event.through is not None:
                name = f"{name} … {printable(event.through[1].filename)}"
            self._progress.update(self._task, description=f"applying {escape(name)}")
        else:
            self._progress.advance(self._task)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
