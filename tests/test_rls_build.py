"""The audit's snapshot builds its relations and policies without the frozen dataclasses'
``__init__`` (issue 24): each must equal, field for field, what the constructor makes
from the same catalog row, and hold no attribute the class does not declare."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from supatools.privileges import from_bits, missing
from supatools.rls import catalog
from supatools.rls.catalog_sql import COLUMN_PRIVILEGES
from supatools.rls.model import Policy, PolicyFunction, Relation


def _by_constructor(r: tuple[Any, ...], serials: dict[int, Any]) -> Relation:
    """A row of RELATIONS as the dataclass constructor builds it (the reference)."""

    def columns(bits: int) -> tuple[str, ...]:
        return tuple(p for i, p in enumerate(COLUMN_PRIVILEGES) if bits >> i & 1)

    return Relation(
        schema=r[1],
        name=r[2],
        kind=r[3],
        rls=r[4],
        force_rls=r[5],
        is_partition=r[6],
        parent=r[7] or None,
        security_invoker=r[8],
        anon_select=bool(r[9] & 1),
        anon_write=bool(r[9] & 14),
        authenticated_select=bool(r[10] & 1),
        authenticated_write=bool(r[10] & 14),
        service_role_missing=missing(r[11]),
        sensitive_columns=tuple(r[12] or ()),
        references_auth_users=bool(r[13]),
        anon_privileges=from_bits(r[9]),
        authenticated_privileges=from_bits(r[10]),
        sequences=serials.get(r[0], ()),
        anon_column_privileges=columns(r[14] & 7),
        authenticated_column_privileges=columns(r[14] >> 4 & 7),
    )


def _rows() -> list[tuple[Any, ...]]:
    """Catalog rows over every bitmask, kind and optional value."""
    rows = []
    oid = 0
    for bits, column_bits, kind, parent, sensitive, reads in itertools.product(
        range(16), (0, 1, 5, 7, 16, 0x75, 0x77), "rpvmf", (None, "", "public.p"),
        (None, [], ["password"]), (False, True, None),
    ):  # fmt: skip
        oid += 1
        row = (
            oid, "public", f"t{oid}", kind, bits & 1 == 1, bits & 2 == 2, bits & 4 == 4,
            parent, bits & 8 == 8, bits, 15 - bits, (bits * 7) % 16, sensitive, reads,
            column_bits,
        )  # fmt: skip
        rows.append(row)
    return rows


def test_relations_equal_the_constructors_field_for_field() -> None:
    rows = _rows()
    serials = {1: (("public.t1_id_seq", True, False),), 7: (("s.q", False, True),)}
    serial_rows = [(oid, *sequence) for oid, found in serials.items() for sequence in found]
    built = catalog._relations(rows, serial_rows)
    assert len(built) == len(rows) > 10_000
    for got, row in zip(built, rows, strict=True):
        want = _by_constructor(row, serials)
        assert got == want
        fields = {f.name: getattr(want, f.name) for f in dataclasses.fields(want)}
        assert vars(got) == {**fields, "qualified": want.qualified}
        assert hash(got) == hash(want) and repr(got) == repr(want)


def test_policies_equal_the_constructors_and_are_sorted_by_table_and_name() -> None:
    rows = [
        ("public", "b", "z", True, "r", [0], "true", None, 3),
        ("public", "a", "y", False, "w", [10, 12], "(x = 1)", "(y = 2)", 4),
        ("public", "a", "x", True, "*", None, None, None, 5),
        ("auth", "a", "x", True, "q", [99], None, "false", 6),
    ]
    roles = [(10, "authenticated"), (12, "anon")]
    functions = [(11, "auth.uid()", True, False)]
    policies, storage = catalog._policies(rows, rows[:1], roles, [(3, 11), (3, 11)], functions)
    uid = (PolicyFunction("auth.uid()", True, False, 11),)
    assert storage == (Policy("public", "b", "z", True, "select", ("public",), "true", None, uid),)
    assert policies == (
        Policy("auth", "a", "x", True, "q", ("99",), None, "false", ()),
        Policy("public", "a", "x", True, "all", (), None, None, ()),
        Policy("public", "a", "y", False, "update", ("anon", "authenticated"), "(x = 1)",
               "(y = 2)", ()),
        Policy("public", "b", "z", True, "select", ("public",), "true", None, uid),
    )  # fmt: skip
    for got in (*policies, *storage):
        assert set(vars(got)) == {f.name for f in dataclasses.fields(Policy)} | {"qualified_table"}
        assert got.qualified_table == f"{got.schema}.{got.table}"
        assert hash(got) == hash(dataclasses.replace(got))


#: tables with the same columns under names that show in deparsed text, and clauses that
#: print a table's name (a whole row, a column read in a sub-select, a sub-select alias
#: made unique against it) beside clauses that do not
CLAUSES = """
create schema other;
create table public.t_a (id int, owner_id uuid, org int);
create table public.t_b (id int, owner_id uuid, org int);
create table public."T c" (id int, owner_id uuid, org int);
create table public."x""y" (id int, owner_id uuid, org int);
create table public.org (id int, owner_id uuid, org int);
create table other.members (id int, owner_id uuid, org int);
create table public.members (user_id uuid, org int);
create table public.t_e (id int, gone int, owner_id uuid, org int);
alter table public.t_e drop column gone;
create policy "own" on public.t_a using ((select auth.uid()) = owner_id);
create policy "own" on public.t_b for update using ((select auth.uid()) = owner_id)
    with check (t_b is not null);
create policy "team" on public."T c" using (
    exists (select 1 from public.members m where m.org = org));
create policy "alias" on public.t_b for select using (
    exists (select 1 from public.members t_a where t_a.org = 1));
create policy "alias" on public.t_a for select using (
    exists (select 1 from public.members t_b where t_b.org = 1 and t_b.org = org));
create policy "same name" on other.members using (
    exists (select 1 from public.members where members.org = 2));
create policy "outer" on public."x""y" using ((select owner_id) = (select auth.uid()));
create policy "named" on public.org for insert with check (org > 0);
create policy "dropped" on public.t_e using (owner_id = auth.uid() and org = 1);
create policy "none" on public.t_e for delete using (true);
"""

#: every clause deparsed against its own table: what POLICIES must print
_OWN = """SELECT p.oid::bigint, pg_get_expr(p.polqual, p.polrelid),
       pg_get_expr(p.polwithcheck, p.polrelid) FROM pg_policy p"""
#: every clause deparsed against the lowest-oid table of the same column names
_SHARED = """SELECT p.oid::bigint, s.one, pg_get_expr(p.polqual, s.one),
       pg_get_expr(p.polwithcheck, s.one)
FROM pg_policy p CROSS JOIN LATERAL (SELECT (
    SELECT min(o.oid) FROM pg_class o WHERE o.oid IN (SELECT polrelid FROM pg_policy)
       AND ARRAY(SELECT CASE WHEN a.attisdropped THEN NULL ELSE a.attname END
                   FROM pg_attribute a WHERE a.attrelid = o.oid AND a.attnum > 0
                  ORDER BY a.attnum)
         IS NOT DISTINCT FROM
           ARRAY(SELECT CASE WHEN a.attisdropped THEN NULL ELSE a.attname END
                   FROM pg_attribute a WHERE a.attrelid = p.polrelid AND a.attnum > 0
                  ORDER BY a.attnum)) AS one) s"""


def test_policy_clauses_print_as_against_their_own_table(database: Any) -> None:
    from supatools.rls import catalog_sql as q

    with database.connect() as conn:
        conn.execute(CLAUSES)
        params = {"schemas": ["public", "other"]}
        got, own, shared = catalog._read_apart(
            conn, "test", ["SET LOCAL search_path = ''", (q.POLICIES, params), _OWN, _SHARED]
        )[1:]
    printed = {r[-1]: (r[6], r[7]) for r in got}
    assert len(printed) == 10
    assert printed == {oid: (using, check) for oid, using, check in own if oid in printed}
    # the cases are real: most tables share one (t_a), and against it four clauses print
    # otherwise (a whole row, a column read in a sub-select, an alias, a quoted name)
    ones = [one for oid, one, *_ in shared if oid in printed]
    assert len(set(ones)) == 2  # t_e has a dropped column: a group of its own
    differ = [oid for oid, _, *clauses in shared if oid in printed and clauses != [*printed[oid]]]
    assert len(differ) == 4, shared


def test_findings_made_equal_the_constructors() -> None:
    from supatools.rls.findings import Finding, made

    for hint in ("", "h"):
        got = made("rls_disabled_in_public", "error", "public", "t", "d", "fix", hint)
        want = Finding("rls_disabled_in_public", "error", "public", "t", "d", "fix", hint)
        assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
        assert vars(got) == {f.name: getattr(want, f.name) for f in dataclasses.fields(want)}
    assert made("r", "warn", "s", "o", "d", "x") == Finding("r", "warn", "s", "o", "d", "x")
