"""What a rollback destroys, for people and for machines (``rollback`` and its dry run)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from supatools.migrations.losses import Loss
    from supatools.render.output import Output


def losses_document(losses: tuple[Loss, ...]) -> list[dict[str, Any]]:
    """One object per statement that destroys rows; names exact, as JSON keeps them."""
    return [
        {
            "file": loss.file,
            "line": loss.line,
            "action": loss.action,
            "table": loss.table,
            "exists": loss.present,
            "rows": loss.rows,
            "rows_exact": loss.exact,
        }
        for loss in losses
    ]


def write_losses(out: Output, losses: tuple[Loss, ...], dry_run: bool) -> None:
    """The statements that destroy (or destroyed) rows, one line each, names escaped."""
    from supatools.render.output import printable

    if not losses:
        return
    taking = sum(1 for loss in losses if loss.touches_rows)
    verb = "would destroy" if dry_run else "destroyed"
    prefix = "-- " if dry_run else ""
    out.stdout.write(
        f"{prefix}{len(losses)} statement(s) destroy rows; {taking} {verb} live rows:\n"
    )
    for loss in losses:
        out.stdout.write(f"{prefix}  {printable(loss.describe())}\n")
