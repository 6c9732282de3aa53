"""The project's seed data (``supabase/seed.sql``), applied after the migrations.

A seed is user-supplied SQL that runs outside a migration, so it may not end or
escape the transaction supatools runs it in: its statements are parsed first and
transaction control, role and session switches, COPY, and statements that cannot run
in a transaction are refused (exit 2, file and line named); the whole seed runs in
one transaction whose id is checked before COMMIT, so either all of it is applied or
none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from supatools import db
from supatools.errors import MigrationFailed, MigrationFileError
from supatools.migrations.session import BatchError, rollback_if_open, run_batch

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]


@dataclass(frozen=True)
class SeedStatement:
    path: Path
    line: int
    text: str


@dataclass(frozen=True)
class Seeded:
    """What a seed run applied."""

    files: tuple[Path, ...]
    statements: int


def read(paths: tuple[Path, ...]) -> list[SeedStatement]:
    """Every statement of the seed files, refusing what a seed may not run."""
    from supatools.migrations.files import read_migration
    from supatools.migrations.statements import LineIndex, non_transactional, raw_statements
    from supatools.rls.behaviour import refused_statement

    statements: list[SeedStatement] = []
    for path in paths:
        # read as migrations are: regular file, UTF-8, no NUL byte, syntax checked
        seed_file = read_migration(path, "seed", path.stem, None)
        text = seed_file.text
        lines = LineIndex(text)
        for node, start, length in raw_statements(seed_file):
            chunk = text[start : start + length]
            lead = len(chunk) - len(chunk.lstrip())
            line = lines.line(start + lead)
            why = refused_statement(node.kind, node.fields)
            if why is None and non_transactional(node):
                why = "a statement that cannot run in a transaction"
            if why:
                raise MigrationFileError(
                    f"{path}:{line}: a seed may not run {why}; supatools applies the seed "
                    "in one transaction of its own, so remove it"
                )
            statements.append(SeedStatement(path, line, chunk.strip().rstrip(";").rstrip()))
    return statements


def apply(conn: Conn, paths: tuple[Path, ...], *, in_transaction: bool = False) -> Seeded:
    """Apply the seed in one transaction (``in_transaction``: the caller's, --atomic)."""
    statements = read(paths)
    texts = [s.text for s in statements]
    if not in_transaction:
        run_batch(conn, ["BEGIN"])
    xid = db.transaction_id(conn)
    try:
        run_batch(conn, texts)
    except BatchError as exc:
        if not in_transaction:
            rollback_if_open(conn)
        failed = statements[exc.index] if 0 <= exc.index < len(statements) else None
        where = f"{failed.path}:{failed.line}" if failed else "seed"
        error = exc.error
        message = " ".join(str(error).split())
        raise MigrationFailed(
            f"{where}: seeding failed: SQLSTATE {getattr(error, 'sqlstate', None)}: {message}; "
            "nothing of the seed was applied (the migrations stay applied)"
        ) from None
    if db.transaction_id(conn) != xid:
        raise MigrationFailed(
            "the seed's transaction was ended by something inside it; check the data"
        )
    if not in_transaction:
        run_batch(conn, ["COMMIT"])
    return Seeded(paths, len(texts))
