"""Output of the recovery commands that change history: rollback, baseline and repair."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supatools.render.migrate import ran_table
from supatools.render.output import Output, plain_table, printable, write_sql

if TYPE_CHECKING:
    from supatools.migrations.adopt import AdoptResult
    from supatools.migrations.rollback import RollbackResult


# --- rollback ---------------------------------------------------------------------------


def rollback_result(out: Output, result: RollbackResult) -> None:
    from supatools.render.audit import audit_document, write_audit
    from supatools.render.losses import losses_document, write_losses

    steps = [
        {
            "version": d.migration.version,
            "name": d.migration.name,
            "file": d.migration.filename,
            "no_transaction": d.migration.no_transaction,
            "statements": len(d.statements),
        }
        for d in result.steps
    ]
    if out.json_mode:
        document: dict[str, Any] = {
            "ok": result.audit is None or result.audit.ok,
            "mode": result.mode,
            "database": result.database,
            "migrations_dir": str(result.folder),
            "destroys": losses_document(result.losses),
        }
        if result.mode == "dry-run":
            document["rollbacks"] = [
                {**step, "sql": d.migration.text}
                for step, d in zip(steps, result.steps, strict=True)
            ]
        else:
            document["rolled_back"] = [
                {**step, "duration_ms": u.duration_ms}
                for step, u in zip(steps, result.undone, strict=True)
            ]
            document["verify"] = audit_document(result.audit) if result.audit else None
        out.json(document)
        return
    if result.mode == "dry-run":
        out.out.print(
            f"-- dry run against {printable(result.database)}: {len(result.steps)} rollback(s) "
            "would run, "
            "newest first; nothing was written",
            markup=False,
            soft_wrap=True,
        )
        write_losses(out, result.losses, dry_run=True)
        for d in result.steps:
            mode = "outside a transaction" if d.migration.no_transaction else "in one transaction"
            out.out.print(
                f"\n-- {printable(d.migration.filename)} (undoes "
                f"{printable(d.migration.version + '_' + d.migration.name)}; "
                f"{len(d.statements)} statement(s), {mode})",
                markup=False,
                soft_wrap=True,
            )
            write_sql(out, d.migration.text)
        return
    if result.audit is not None:
        write_audit(out, result.audit)
    out.out.print(
        f"{printable(result.database)}: rolled back {len(result.undone)} migration(s), "
        "newest first",
        soft_wrap=True,
        markup=False,
    )
    out.stdout.write(ran_table(result.undone))
    write_losses(out, result.losses, dry_run=False)


# --- baseline and repair ------------------------------------------------------------------


def adopt_result(out: Output, result: AdoptResult) -> None:
    changes = [{"version": c.version, "name": c.name, "action": c.action} for c in result.changes]
    if out.json_mode:
        out.json(
            {
                "ok": True,
                "command": result.command,
                "database": result.database,
                "dry_run": result.dry_run,
                "changes": changes,
            }
        )
        return
    done = [c for c in result.changes if c.action in ("recorded", "checksum filled", "forgotten")]
    verb = "would change" if result.dry_run else "changed"
    out.stdout.write(
        f"{printable(result.database)}: {result.command} {verb} {len(done)} history row(s)"
        + ("; nothing was written\n" if result.dry_run else "\n")
    )
    out.stdout.write(
        plain_table(
            ["version", "name", "action"], [[c.version, c.name, c.action] for c in result.changes]
        )
    )
    if any(c.action == "checksum filled" for c in result.changes):
        out.note(
            "note: the Supabase CLI's history holds no checksum; supatools recorded the "
            "checksum of the current file, so later edits to it are detected from now on"
        )
