"""How supatools reads table privileges from the catalog, for preflight and the audit
alike: each role's SELECT, INSERT, UPDATE and DELETE as the bits 1, 2, 4 and 8 of one
integer, decided by PostgreSQL's own ``has_table_privilege`` (role membership, PUBLIC
and ownership included)."""

from __future__ import annotations

#: the table privileges the API roles use, in the order of their bits
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")

#: the privileges of each of the 16 bitmasks, computed once
_SETS = tuple(
    tuple(p for i, p in enumerate(TABLE_PRIVILEGES) if bits >> i & 1) for bits in range(16)
)


def bits_sql(role: str, relation: str = "c.oid") -> str:
    """SQL for the bitmask of ``role``'s privileges on ``relation`` (an oid expression).
    ``role`` is one of supatools' own role names, never user input."""
    assert role.isidentifier(), role
    return (
        "("
        + " | ".join(
            f"(has_table_privilege('{role}', {relation}, '{privilege}')::int << {bit})"
            for bit, privilege in enumerate(TABLE_PRIVILEGES)
        )
        + ")"
    )


def from_bits(bits: int) -> tuple[str, ...]:
    """The privileges a bitmask holds, in TABLE_PRIVILEGES order."""
    return _SETS[bits & 15]


def missing(bits: int) -> tuple[str, ...]:
    """The privileges a bitmask lacks."""
    return _SETS[~bits & 15]
