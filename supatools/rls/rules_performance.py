"""splinter's performance lints that the catalog alone decides, cheaply (issue 20 item 16).
Not unused_index: on a fresh database every index is unused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from supatools.levels import Level
from supatools.rls.findings import Finding
from supatools.rls.register import rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Snapshot
    from supatools.rls.expectations import Expectations


def _rows(snap: Snapshot, name: str) -> Iterator[Finding]:
    for _, level, schema, table, detail, remediation in snap.lints_of(name):
        yield Finding(name, cast(Level, level), schema, table, detail, remediation)


@rule(
    "unindexed_foreign_keys",
    "info",
    "A foreign key without an index covering its columns.",
    splinter="0001_unindexed_foreign_keys",
)
def unindexed_foreign_keys(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    return _rows(snap, "unindexed_foreign_keys")


@rule(
    "duplicate_index",
    "warn",
    "Identical indexes on one table.",
    splinter="0009_duplicate_index",
    fix="advice",
)
def duplicate_index(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    return _rows(snap, "duplicate_index")


@rule(
    "no_primary_key",
    "info",
    "A table without a primary key.",
    splinter="0004_no_primary_key",
    fix="advice",
)
def no_primary_key(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    return _rows(snap, "no_primary_key")
