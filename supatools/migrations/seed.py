"""The project's seed data (``supabase/seed.sql``), applied after the migrations.

A seed is user-supplied SQL that runs outside a migration, so it may not end or
escape the transaction supatools runs it in: its statements are parsed first and
transaction control, role and session switches, COPY, and statements that cannot run
in a transaction are refused (exit 2, file and line named); the whole seed runs in
one transaction whose id is checked before COMMIT, so either all of what it does in
that transaction is applied or none of it (what it does outside it, through dblink or
with sequences, is not PostgreSQL's to undo, and a failure says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from supatools import db
from supatools.errors import MigrationFailed, MigrationFileError
from supatools.migrations.session import (
    RESET_IDENTITY,
    BatchError,
    rollback_if_open,
    run_batch,
)
from supatools.migrations.statements import Node

if TYPE_CHECKING:
    from supatools.db import Conn


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
    from supatools.migrations.refusals import refused_statement
    from supatools.migrations.statements import LineIndex, non_transactional, raw_statements

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
            if node.kind == "DataStmt" and _MAY_SET_CONFIG.search(chunk):
                node = _full_node(chunk)  # the fast path kept no tree: read this one whole
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


#: a data statement that may call set_config (spelt plainly, quoted, or in a U& escape):
#: only these are parsed whole, the others keep the fast path
_MAY_SET_CONFIG = re.compile(r"set_config|u&", re.IGNORECASE)


def _full_node(chunk: str) -> Node:
    import json

    from pglast import parser

    tree = json.loads(parser.parse_sql_json(chunk))
    ((kind, fields),) = tree["stmts"][0]["stmt"].items()
    return Node(kind, fields)


def apply(
    conn: Conn,
    paths: tuple[Path, ...],
    *,
    in_transaction: bool = False,
    statements: list[SeedStatement] | None = None,
) -> Seeded:
    """Apply the seed in one transaction (``in_transaction``: the caller's, --atomic).
    ``statements``: the seed as :func:`read` gave it when the caller read it already
    (before connecting); the run applies what was checked."""
    if statements is None:
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
        undone = (
            "the --atomic run was rolled back with it"
            if in_transaction
            else "the seed's transaction was rolled back (the migrations stay applied)"
        )
        raise MigrationFailed(
            f"{where}: seeding failed: SQLSTATE {getattr(error, 'sqlstate', None)}: {message}; "
            f"{undone}; what the seed did outside that transaction stays (writes through "
            "another connection such as dblink or postgres_fdw, sequence values it drew)"
        ) from None
    if db.transaction_id(conn) != xid:
        raise MigrationFailed(
            "the seed's transaction was ended by something inside it; check the data"
        )
    # a role switch no parse can see (a function or DO block calling set_config) must not
    # outlive the seed: what runs next (the audit) runs as the connecting role
    run_batch(conn, [*RESET_IDENTITY] if in_transaction else [*RESET_IDENTITY, "COMMIT"])
    return Seeded(paths, len(texts))
