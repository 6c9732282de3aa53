"""Rules about column-level grants (issue 20 item 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.rls.findings import Finding
from supatools.rls.register import rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Snapshot
    from supatools.rls.expectations import Expectations


@rule(
    "column_grant_redundant",
    "warn",
    "A column grant is moot: the role also holds the privilege on the whole table.",
)
def column_grant_redundant(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    """The author granted some columns, and a table-level grant (often a default
    privilege) gives the role every column anyway: the limit they meant is not there."""
    for _, _, schema, table, detail, remediation in snap.lints_of("column_grant_redundant"):
        yield Finding(
            "column_grant_redundant",
            "warn",
            schema,
            table,
            detail,
            remediation,
            "a table-level REVOKE also revokes the column grants: grant the columns again",
        )
