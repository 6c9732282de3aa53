"""Locks and rewrites: work on an existing table that blocks its traffic while it runs.

Every rule here is raised to error on a large table when ``lint`` is given a database."""

from __future__ import annotations

from collections.abc import Iterator

from supatools.lint.model import Hit, Visit
from supatools.lint.registry import rule, tracks
from supatools.locks import names as _names
from supatools.locks import qualified as _qualified
from supatools.locks import volatile_default as _volatile_default


@rule(
    "index_without_concurrently",
    "warn",
    "CREATE INDEX on an existing table blocks its writes while it builds",
    "CREATE INDEX CONCURRENTLY (supatools runs such a file outside a transaction)",
    nodes=("IndexStmt",),
    squawk="require-concurrent-index-creation",
    large_table=True,
)
def index_without_concurrently(visit: Visit) -> Iterator[Hit]:
    relation = visit.fields["relation"]
    if not visit.fields.get("concurrent") and visit.file.existing(relation):
        table = _qualified(relation)
        yield Hit(f"index on {table}, a table this file did not create", table)


@rule(
    "volatile_default",
    "warn",
    "ADD COLUMN with a volatile default rewrites the whole table under a lock",
    "add the column without default, backfill in batches, then SET DEFAULT",
    nodes=("ColumnDef",),
    squawk="adding-field-with-default",
    large_table=True,
)
def volatile_default(visit: Visit) -> Iterator[Hit]:
    if visit.adding and visit.existing() and _volatile_default(visit.fields):
        yield Hit(
            f"{visit.table}.{visit.fields.get('colname')} gets a volatile default", visit.table
        )


@rule(
    "stored_generated_column",
    "warn",
    "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED rewrites the whole table under an "
    "ACCESS EXCLUSIVE lock",
    "add a plain column, fill it in batches and keep it with a trigger, or compute it in a view",
    nodes=("ColumnDef",),
    squawk="adding-field-with-default",
    large_table=True,
)
def stored_generated_column(visit: Visit) -> Iterator[Hit]:
    if (
        visit.adding
        and visit.existing()
        and any(
            c.get("Constraint", {}).get("contype") == "CONSTR_GENERATED"
            for c in visit.fields.get("constraints", [])
        )
    ):
        yield Hit(
            f"{visit.table}.{visit.fields.get('colname')} is a stored generated column",
            visit.table,
        )


@rule(
    "column_type_rewrite",
    "warn",
    "ALTER COLUMN ... TYPE rewrites the table under an ACCESS EXCLUSIVE lock",
    "add a new column, backfill in batches, switch the app, drop the old one",
    nodes=("AlterTableCmd",),
    squawk="changing-column-type",
    large_table=True,
)
def column_type_rewrite(visit: Visit) -> Iterator[Hit]:
    if visit.fields.get("subtype") == "AT_AlterColumnType" and visit.existing():
        yield Hit(f"{visit.table}.{visit.fields.get('name')} changes type", visit.table)


@tracks("AlterTableCmd")
def _not_null_checks(visit: Visit) -> None:
    """CHECK (col IS NOT NULL) constraints added to existing tables, and those validated:
    after one, SET NOT NULL needs no scan."""
    cmd, folder, table = visit.fields, visit.folder, visit.table
    if cmd.get("subtype") == "AT_ValidateConstraint":
        column = folder.not_null_checks.get((table, str(cmd.get("name"))))
        if column:
            folder.validated_not_null.add((table, column))
    elif cmd.get("subtype") == "AT_AddConstraint" and visit.existing():
        constraint = cmd.get("def", {}).get("Constraint", {})
        null_test = (constraint.get("raw_expr") or {}).get("NullTest", {})
        tested = _names(null_test.get("arg", {}).get("ColumnRef", {}).get("fields"))
        if (
            constraint.get("contype") == "CONSTR_CHECK"
            and tested
            and null_test.get("nulltesttype") == "IS_NOT_NULL"
        ):
            folder.not_null_checks[(table, str(constraint.get("conname")))] = tested[-1]
            if not constraint.get("skip_validation"):
                folder.validated_not_null.add((table, tested[-1]))


@rule(
    "set_not_null_scan",
    "warn",
    "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
    "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL",
    nodes=("AlterTableCmd",),
    squawk="adding-not-nullable-field",
    large_table=True,
)
def set_not_null_scan(visit: Visit) -> Iterator[Hit]:
    column = str(visit.fields.get("name"))
    if (
        visit.fields.get("subtype") == "AT_SetNotNull"
        and visit.existing()
        and (visit.table, column) not in visit.folder.validated_not_null
    ):
        yield Hit(f"{visit.table}.{visit.fields.get('name')} SET NOT NULL", visit.table)


def _added_constraint(visit: Visit) -> dict[str, object]:
    """The constraint an ADD CONSTRAINT on an existing table adds ({} otherwise)."""
    if visit.fields.get("subtype") != "AT_AddConstraint" or not visit.existing():
        return {}
    constraint: dict[str, object] = visit.fields.get("def", {}).get("Constraint", {})
    return constraint


@rule(
    "constraint_without_not_valid",
    "warn",
    "ADD CONSTRAINT (foreign key, check) validates every row while holding a lock",
    "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration",
    nodes=("AlterTableCmd",),
    squawk="constraint-missing-not-valid, adding-foreign-key-constraint",
    large_table=True,
)
def constraint_without_not_valid(visit: Visit) -> Iterator[Hit]:
    constraint = _added_constraint(visit)
    if constraint.get("contype") in ("CONSTR_FOREIGN", "CONSTR_CHECK") and not constraint.get(
        "skip_validation"
    ):
        name = constraint.get("conname") or ""
        yield Hit(f"constraint {name} on {visit.table} validates every row", visit.table)
    elif visit.fields.get("subtype") == "AT_AddColumn" and visit.existing():
        # ADD COLUMN ... REFERENCES: a foreign key that cannot be NOT VALID (squawk's
        # adding-foreign-key-constraint); it locks the referenced table too
        column = visit.fields.get("def", {}).get("ColumnDef", {})
        for wrapped in column.get("constraints", []):
            if wrapped.get("Constraint", {}).get("contype") == "CONSTR_FOREIGN":
                yield Hit(
                    f"ADD COLUMN {column.get('colname')} REFERENCES on {visit.table} "
                    "adds a validated foreign key",
                    visit.table,
                )


@rule(
    "unique_without_index",
    "warn",
    "ADD PRIMARY KEY / UNIQUE builds its index while holding an ACCESS EXCLUSIVE lock",
    "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... USING INDEX",
    nodes=("AlterTableCmd",),
    squawk="disallowed-unique-constraint, adding-serial-primary-key-field",
    large_table=True,
)
def unique_without_index(visit: Visit) -> Iterator[Hit]:
    constraint = _added_constraint(visit)
    if constraint.get("contype") in ("CONSTR_PRIMARY", "CONSTR_UNIQUE") and not constraint.get(
        "indexname"
    ):
        name = constraint.get("conname") or ""
        yield Hit(
            f"constraint {name} on {visit.table} builds its index under the lock", visit.table
        )
    elif visit.fields.get("subtype") == "AT_AddColumn" and visit.existing():
        # ADD COLUMN id serial PRIMARY KEY (squawk's adding-serial-primary-key-field)
        column = visit.fields.get("def", {}).get("ColumnDef", {})
        kinds = {c.get("Constraint", {}).get("contype") for c in column.get("constraints", [])}
        if kinds & {"CONSTR_PRIMARY", "CONSTR_UNIQUE"}:
            yield Hit(
                f"ADD COLUMN {column.get('colname')} on {visit.table} builds a unique index "
                "under the lock",
                visit.table,
            )


@rule(
    "unbatched_data_change",
    "warn",
    "UPDATE or DELETE without WHERE touches every row in one transaction",
    "change rows in small batches, off-peak",
    nodes=("UpdateStmt", "DeleteStmt"),
    large_table=True,
)
def unbatched_data_change(visit: Visit) -> Iterator[Hit]:
    if not visit.fields.get("whereClause"):
        table = _qualified(visit.fields["relation"])
        yield Hit(f"{visit.kind[:-4].upper()} of {table} without WHERE", table)


@rule(
    "blocking_maintenance",
    "warn",
    "VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock",
    "use pg_repack, or run it in a maintenance window",
    nodes=("VacuumStmt", "ClusterStmt", "ReindexStmt"),
    squawk="require-concurrent-reindex",
    large_table=True,
)
def blocking_maintenance(visit: Visit) -> Iterator[Hit]:
    """Also REINDEX without CONCURRENTLY: it blocks writes (and reads using the index)."""
    if visit.kind == "ClusterStmt":
        yield Hit("CLUSTER")
    elif visit.kind == "ReindexStmt":
        options = [o.get("DefElem", {}) for o in visit.fields.get("params", [])]
        if not any(o.get("defname") == "concurrently" for o in options):
            yield Hit("REINDEX without CONCURRENTLY")
    elif any(
        o.get("DefElem", {}).get("defname") == "full" for o in visit.fields.get("options", [])
    ):
        yield Hit("VACUUM FULL")
