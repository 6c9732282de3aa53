"""migrate's parse skips the parse tree of statements whose fields it never reads
(issue 24): each such start is a kind that runs in a transaction and is neither COPY
nor transaction control, as the full parse says; any other start is still parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from supatools.migrations.files import MigrationFile
from supatools.migrations.statements import exact_statements, non_transactional, raw_statements

PLAIN = [
    "create table public.t (id int primary key)",
    "CREATE TABLE public.t2 AS SELECT 1 AS x",
    "create or replace function f() returns int language sql as $$ select 1 $$",
    "create procedure p() language sql as $$ select 1 $$",
    "create trigger tr before insert on t for each row execute function f()",
    "create or replace view v as select 1",
    "create policy p on t for select using (true)",
    "create schema s",
    "create type mood as enum ('a')",
    "create domain d as int",
    "create sequence q",
    "alter policy p on t using (false)",
    "alter function f() stable",
    "alter view v rename to w",
    "alter schema s rename to s2",
    "alter sequence q restart",
    "drop policy p on t",
    "drop function f()",
    "drop procedure p()",
    "drop trigger tr on t",
    "drop view v",
    "drop table t",
    "drop type mood",
    "drop schema s cascade",
    "drop sequence q",
    "grant select on t to authenticated",
    "grant r1 to r2",
    "revoke all on t from anon",
    "comment on table t is 'x'",
]
PARSED = [
    "create index concurrently i on t (id)",
    "drop index concurrently i",
    "alter table t detach partition p concurrently",
    "create tablespace x location '/x'",
    "drop tablespace x",
    "create database d",
    "drop database d",
    "copy t from stdin",
    "begin",
    "commit",
    "vacuum t",
]


def migration(text: str) -> MigrationFile:
    return MigrationFile("1", "x", Path("1_x.sql"), text, "", False, (), None)


@pytest.mark.parametrize("statement", PLAIN)
def test_a_plain_statement_is_not_parsed_to_a_tree_and_its_tree_was_not_needed(
    statement: str,
) -> None:
    ((node, _, _),) = raw_statements(migration(statement + ";"), kinds_only=True)
    assert node.kind == "PlainDdlStmt" and node.fields == {}
    ((full, _, _),) = exact_statements(migration(statement + ";"))
    assert non_transactional(full) is None
    assert full.kind not in ("CopyStmt", "TransactionStmt")


@pytest.mark.parametrize("statement", PARSED)
def test_the_statements_parse_reads_are_still_parsed(statement: str) -> None:
    ((node, _, _),) = raw_statements(migration(statement + ";"), kinds_only=True)
    ((full, _, _),) = exact_statements(migration(statement + ";"))
    assert node == full


def test_without_kinds_only_every_statement_keeps_its_tree() -> None:
    """new and seed read the fields (a table's relation): they get the full nodes."""
    ((node, _, _),) = raw_statements(migration("create table public.t (id int);"))
    assert node.kind == "CreateStmt" and node.fields["relation"]["relname"] == "t"
