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
        assert vars(got) == {f.name: getattr(want, f.name) for f in dataclasses.fields(want)}
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
        assert set(vars(got)) == {f.name for f in dataclasses.fields(Policy)}
        assert hash(got) == hash(dataclasses.replace(got))
