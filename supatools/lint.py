"""``supatools lint``: the team's migration practices, checked with PostgreSQL's parser.

Every rule reads the parse trees of the migration files (pglast: libpg_query, the
server's own grammar); no database is needed. Rules see the whole folder in version
order, so "a table created in an earlier file" and "RLS enabled in a later file" are
known. A finding names its file and line; ``-- supatools:ignore RULE reason`` on the
statement's line or the line before silences it there, and ``[tool.supatools.lint]``
sets a rule's level (``off`` turns it off).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from supatools.errors import ConfigError, MigrationFileError
from supatools.locks import names as _names
from supatools.locks import qualified as _qualified
from supatools.locks import relations as _relations
from supatools.locks import volatile_default as _volatile_default
from supatools.migrations.files import MigrationFile
from supatools.migrations.statements import LineIndex, exact_statements
from supatools.settings import LARGE_TABLE

LEVELS = ("error", "warn", "info")


@dataclass(frozen=True)
class LintRule:
    name: str
    level: str
    why: str
    fix: str


RULES = {
    rule.name: rule
    for rule in (
        LintRule(
            "missing_description",
            "warn",
            "a migration without a leading comment block says nothing of its purpose",
            "start the file with comment lines: what it does, the tables, its dependencies",
        ),
        LintRule(
            "not_idempotent",
            "warn",
            "a statement that fails when run twice turns a retried run into a failure",
            "IF NOT EXISTS / IF EXISTS / OR REPLACE, and DROP POLICY IF EXISTS before CREATE",
        ),
        LintRule(
            "missing_rollback",
            "info",
            "without a .down.sql, supatools rollback cannot undo the migration",
            "write <version>_<name>.down.sql beside it",
        ),
        LintRule(
            "jsonb_undocumented",
            "warn",
            "a JSONB column's structure lives only in the code that writes it",
            "COMMENT ON COLUMN with the keys and their types",
        ),
        LintRule(
            "prefer_uuid_pk",
            "info",
            "sequential integer keys leak row counts and collide across environments",
            "id uuid primary key default gen_random_uuid()",
        ),
        LintRule(
            "plaintext_sensitive_column",
            "warn",
            "a password, secret, token or card number stored as plain text",
            "store a hash (crypt()) or keep the secret in Vault",
        ),
        LintRule(
            "hardcoded_secret",
            "error",
            "a key or password committed inside a migration is in every clone of the repo",
            "remove it, rotate it, and read it from Vault or a setting at run time",
        ),
        LintRule(
            "self_tracking_insert",
            "warn",
            "supatools records history itself; a file tracking itself duplicates it",
            "drop the INSERT once the project is adopted (supatools baseline --from-table)",
        ),
        LintRule(
            "table_without_rls",
            "error",
            "a table in an exposed schema without RLS is readable by anyone granted it",
            "ALTER TABLE ... ENABLE ROW LEVEL SECURITY in this file, with its policies",
        ),
        LintRule(
            "security_definer_without_search_path",
            "error",
            "a SECURITY DEFINER function follows the caller's search_path",
            "add SET search_path = '' (and qualify names) to the function",
        ),
        LintRule(
            "dynamic_sql_injection",
            "error",
            "EXECUTE of a string built by concatenation runs whatever the value holds",
            "EXECUTE format('... %I ... %L', ...) or EXECUTE ... USING",
        ),
        LintRule(
            "undeclared_dependency",
            "warn",
            "a file that uses what another migration creates, without saying so, can be "
            "applied (or rolled back) in an order that breaks it",
            "name that migration in -- supatools:requires",
        ),
        LintRule(
            "policy_without_grant",
            "warn",
            "a policy for anon or authenticated on a table the role is never granted: "
            "every request is denied (new projects grant nothing by default)",
            "GRANT the commands the policy allows to the role",
        ),
        LintRule(
            "user_metadata_in_policy",
            "error",
            "user_metadata in the JWT is editable by every user",
            "base the policy on app_metadata or on a table the user cannot write",
        ),
        LintRule(
            "index_without_concurrently",
            "warn",
            "CREATE INDEX on an existing table blocks its writes while it builds",
            "CREATE INDEX CONCURRENTLY (supatools runs such a file outside a transaction)",
        ),
        LintRule(
            "volatile_default",
            "warn",
            "ADD COLUMN with a volatile default rewrites the whole table under a lock",
            "add the column without default, backfill in batches, then SET DEFAULT",
        ),
        LintRule(
            "column_type_rewrite",
            "warn",
            "ALTER COLUMN ... TYPE rewrites the table under an ACCESS EXCLUSIVE lock",
            "add a new column, backfill in batches, switch the app, drop the old one",
        ),
        LintRule(
            "set_not_null_scan",
            "warn",
            "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
            "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL",
        ),
        LintRule(
            "constraint_without_not_valid",
            "warn",
            "ADD CONSTRAINT (foreign key, check) validates every row while holding a lock",
            "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration",
        ),
        LintRule(
            "unique_without_index",
            "warn",
            "ADD PRIMARY KEY / UNIQUE builds its index while holding an ACCESS EXCLUSIVE lock",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... USING INDEX",
        ),
        LintRule(
            "breaking_change",
            "warn",
            "dropping or renaming a column or table breaks the app code still running",
            "expand and contract: add the new, migrate readers, drop the old later",
        ),
        LintRule(
            "unbatched_data_change",
            "warn",
            "UPDATE or DELETE without WHERE touches every row in one transaction",
            "change rows in small batches, off-peak",
        ),
        LintRule(
            "blocking_maintenance",
            "warn",
            "VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock",
            "use pg_repack, or run it in a maintenance window",
        ),
    )
}

_SENSITIVE = re.compile(
    r"(^|_)(password|passwd|secret|token|api_key|apikey|access_key|private_key|ssn|"
    r"card_number|cc_number|credit_card|cvv|pin)$"
)
_TEXT_TYPES = {"text", "varchar", "bpchar", "char", "character varying"}
_SECRET_PATTERNS = (
    (re.compile(r"\b(sk|rk)_(live|test)_[0-9A-Za-z]{16,}"), "a Stripe secret key"),
    (re.compile(r"\bsb_secret_[0-9A-Za-z_-]{16,}"), "a Supabase secret key"),
    (
        re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:@/'\"]+:[^\s@/'\"]+@[^\s'\"]+", re.IGNORECASE),
        "a password in a connection string",
    ),
)
_JWT = re.compile(r"\beyJ[0-9A-Za-z_-]{10,}\.(eyJ[0-9A-Za-z_-]{10,})\.[0-9A-Za-z_-]{10,}")
_CONCAT_EXECUTE = re.compile(r"\bEXECUTE\s+(?!format\s*\()[^;]*?\|\|", re.IGNORECASE | re.DOTALL)
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_IGNORE = re.compile(r"--\s*supatools:ignore\s+([a-z_]+)", re.IGNORECASE)


@dataclass(frozen=True)
class LintFinding:
    rule: str
    level: str
    path: Path
    line: int
    message: str
    #: the existing table a large-table rule is about ("" for other rules)
    table: str = ""

    @property
    def fix(self) -> str:
        return RULES[self.rule].fix


@dataclass
class _State:
    """What the earlier files (and this one) created, for rules that look across files."""

    rls: set[str] = field(default_factory=set)
    #: table -> the migration (version) that creates it
    creators: dict[str, str] = field(default_factory=dict)
    #: (table or "schema.*", role) pairs granted anywhere in the folder
    grants: set[tuple[str, str]] = field(default_factory=set)
    #: CHECK (col IS NOT NULL) constraints so far: (table, name) -> column
    not_null_checks: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (table, column) with a validated CHECK (col IS NOT NULL) so far: SET NOT NULL then
    #: needs no scan (PostgreSQL 12+)
    validated_not_null: set[tuple[str, str]] = field(default_factory=set)
    commented: set[str] = field(default_factory=set)  # schema.table.column


def _type_name(column: dict[str, Any]) -> str:
    names = _names(column.get("typeName", {}).get("names"))
    return names[-1] if names else ""


def levels_from(config: dict[str, Any], source: str) -> tuple[dict[str, str], tuple[int, int]]:
    """``[tool.supatools.lint]``: the level of each rule named (rule = "off" | "info" |
    "warn" | "error"), and the large-table thresholds (large_table_rows,
    large_table_bytes; 1M rows and 1 GB unless set)."""
    chosen: dict[str, str] = {}
    limits = {"large_table_rows": LARGE_ROWS, "large_table_bytes": LARGE_BYTES}
    for rule, level in config.items():
        if rule in limits:
            if not isinstance(level, int) or isinstance(level, bool) or level < 1:
                raise ConfigError(f"{source}: [tool.supatools.lint] {rule} must be a number")
            limits[rule] = level
            continue
        if rule not in RULES:
            raise ConfigError(f"{source}: [tool.supatools.lint] has no rule {rule!r}")
        if level not in (*LEVELS, "off"):
            raise ConfigError(
                f"{source}: [tool.supatools.lint] {rule} = {level!r}: use off, info, warn or error"
            )
        chosen[rule] = level
    return chosen, (limits["large_table_rows"], limits["large_table_bytes"])


def lint(
    migrations: list[MigrationFile],
    only: set[Path] | None = None,
    exposed: tuple[str, ...] = ("public",),
    levels: dict[str, str] | None = None,
) -> list[LintFinding]:
    """Every finding of the files in ``only`` (all when None), read in version order."""

    state = _State()
    found: list[LintFinding] = []
    chosen = levels or {}
    per_file: list[tuple[MigrationFile, list[tuple[str, dict[str, Any], int]]]] = []
    for migration in migrations:
        try:
            nodes = exact_statements(migration)
        except MigrationFileError:
            continue  # migrate reports the syntax error with its line
        lines = LineIndex(migration.text)
        statements = []
        for node, start, length in nodes:
            chunk = migration.text[start : start + length]
            lead = len(chunk) - len(chunk.lstrip())
            statements.append((node.kind, node.fields, lines.line(start + lead)))
        per_file.append((migration, statements))
        for kind, fields, _ in statements:  # what the folder creates, for later rules
            _learn(state, kind, fields, migration.version)
    for migration, statements in per_file:
        # every file is read in order (what earlier files validated matters), and the
        # findings of the files asked for are kept
        wanted = only is None or migration.path.resolve() in only
        for item in _check_file(migration, statements, state, exposed):
            if wanted:
                level = chosen.get(item.rule, item.level)
                if level == "off" or _ignored(migration.text, item.line, item.rule):
                    continue
                found.append(
                    LintFinding(item.rule, level, item.path, item.line, item.message, item.table)
                )
    return found


def _learn(state: _State, kind: str, fields: dict[str, Any], version: str) -> None:
    if kind == "CreateStmt":
        state.creators.setdefault(_qualified(fields["relation"]), version)
    elif kind == "AlterTableStmt":
        for cmd in fields.get("cmds", []):
            if cmd.get("AlterTableCmd", {}).get("subtype") == "AT_EnableRowSecurity":
                state.rls.add(_qualified(fields["relation"]))
    elif kind in ("GrantStmt", "AlterDefaultPrivilegesStmt"):
        grant = fields.get("action", {}).get("GrantStmt", {}) if kind != "GrantStmt" else fields
        if grant.get("is_grant") and grant.get("objtype") == "OBJECT_TABLE":
            roles = [
                g.get("RoleSpec", {}).get("rolename")
                for g in grant.get("grantees", [])
                if g.get("RoleSpec", {}).get("rolename")
            ]
            if kind != "GrantStmt" or grant.get("targtype") == "ACL_TARGET_ALL_IN_SCHEMA":
                schemas = _names(grant.get("objects")) or ["*"]
                if kind != "GrantStmt":  # ALTER DEFAULT PRIVILEGES: every later table
                    schemas = ["*"]
                targets = [f"{schema}.*" for schema in schemas]
            else:
                targets = [
                    _qualified(o["RangeVar"]) for o in grant.get("objects", []) if "RangeVar" in o
                ]
            state.grants.update((t, str(r)) for t in targets for r in roles)
    elif kind == "CommentStmt" and fields.get("objtype") == "OBJECT_COLUMN":
        parts = _names(fields.get("object", {}).get("List", {}).get("items"))
        if len(parts) == 2:
            parts = ["public", *parts]
        state.commented.add(".".join(parts))


def _ignored(text: str, line: int, rule: str) -> bool:
    lines = text.splitlines()
    for number in (line - 1, line):  # the statement's line, or the line before it
        if 1 <= number <= len(lines):
            for match in _IGNORE.finditer(lines[number - 1]):
                if match.group(1).lower() == rule:
                    return True
    return False


def _finding(
    rule: str, migration: MigrationFile, line: int, message: str, table: str = ""
) -> LintFinding:
    return LintFinding(rule, RULES[rule].level, migration.path, line, message, table)


#: the rules about work on existing tables: raised to error on a large one (--db-url)
LARGE_TABLE_RULES = frozenset(
    {
        "unique_without_index",
        "index_without_concurrently",
        "volatile_default",
        "column_type_rewrite",
        "set_not_null_scan",
        "constraint_without_not_valid",
        "unbatched_data_change",
        "blocking_maintenance",
    }
)
#: a table is large from 1M rows or 1 GB (``[tool.supatools.lint]`` large_table_rows /
#: large_table_bytes)
LARGE_ROWS, LARGE_BYTES = LARGE_TABLE


def with_sizes(
    findings: list[LintFinding],
    sizes: dict[str, tuple[float, int]],
    rows_limit: int = LARGE_ROWS,
    bytes_limit: int = LARGE_BYTES,
) -> list[LintFinding]:
    """The findings with the live size of their table, raised to error on large tables."""
    from supatools.locks import human_bytes, human_rows

    raised: list[LintFinding] = []
    for f in findings:
        size = sizes.get(f.table) if f.rule in LARGE_TABLE_RULES else None
        if size is None:
            raised.append(f)
            continue
        rows, total = size
        large = rows >= rows_limit or total >= bytes_limit
        raised.append(
            LintFinding(
                f.rule,
                "error" if large else f.level,
                f.path,
                f.line,
                f"{f.message} ({human_rows(rows)}, {human_bytes(total)}"
                + (": a large table" if large else "")
                + ")",
                f.table,
            )
        )
    return raised


def _check_file(
    migration: MigrationFile,
    statements: list[tuple[str, dict[str, Any], int]],
    everything: _State,
    exposed: tuple[str, ...],
) -> Iterator[LintFinding]:
    if not migration.description:
        yield _finding("missing_description", migration, 1, "no leading comment block")
    if migration.down_path is None:
        yield _finding("missing_rollback", migration, 1, f"no {migration.stem}.down.sql")
    yield from _secrets(migration)
    created_here: set[str] = set()
    dropped_policies: set[tuple[str, str]] = set()
    declared = {r.version for r in migration.requires}
    named: set[str] = set()
    for _kind, fields, line in statements:
        for table in sorted(_relations(fields) - named):
            named.add(table)
            creator = everything.creators.get(table)
            if creator and creator < migration.version and creator not in declared:
                yield _finding(
                    "undeclared_dependency",
                    migration,
                    line,
                    f"uses {table}, created by migration {creator}, which requires does not name",
                )
    for kind, fields, line in statements:
        yield from _statement(
            migration, kind, fields, line, everything, exposed, created_here, dropped_policies
        )


def _statement(
    migration: MigrationFile,
    kind: str,
    fields: dict[str, Any],
    line: int,
    everything: _State,
    exposed: tuple[str, ...],
    created_here: set[str],
    dropped_policies: set[tuple[str, str]],
) -> Iterator[LintFinding]:
    def existing(relation: dict[str, Any]) -> bool:
        """A table this file did not create (it may hold rows and traffic)."""
        return _qualified(relation) not in created_here

    if kind == "CreateStmt":
        table = _qualified(fields["relation"])
        created_here.add(table)
        if not fields.get("if_not_exists"):
            yield _finding(
                "not_idempotent", migration, line, f"CREATE TABLE {table} without IF NOT EXISTS"
            )
        schema = table.split(".", 1)[0]
        if schema in exposed and table not in everything.rls:
            yield _finding(
                "table_without_rls",
                migration,
                line,
                f"{table} is created in {schema} and RLS is never enabled on it",
            )
        for element in fields.get("tableElts", []):
            column = element.get("ColumnDef")
            if column:
                yield from _column(migration, line, table, column, everything)
    elif kind == "IndexStmt":
        if not fields.get("if_not_exists"):
            yield _finding("not_idempotent", migration, line, "CREATE INDEX without IF NOT EXISTS")
        if not fields.get("concurrent") and existing(fields["relation"]):
            yield _finding(
                "index_without_concurrently",
                migration,
                line,
                f"index on {_qualified(fields['relation'])}, a table this file did not create",
                _qualified(fields["relation"]),
            )
    elif kind in ("CreateEnumStmt", "CompositeTypeStmt", "CreateDomainStmt"):
        yield _finding(
            "not_idempotent",
            migration,
            line,
            "CREATE TYPE/DOMAIN has no IF NOT EXISTS: wrap it in DO $$ BEGIN ...; EXCEPTION "
            "WHEN duplicate_object THEN NULL; END $$",
        )
    elif kind == "CreateSchemaStmt" and not fields.get("if_not_exists"):
        yield _finding("not_idempotent", migration, line, "CREATE SCHEMA without IF NOT EXISTS")
    elif kind == "CreateFunctionStmt":
        name = ".".join(_names(fields.get("funcname")))
        if not fields.get("replace"):
            yield _finding(
                "not_idempotent", migration, line, f"CREATE FUNCTION {name} without OR REPLACE"
            )
        options = {
            o["DefElem"]["defname"]: o["DefElem"].get("arg")
            for o in fields.get("options", [])
            if "DefElem" in o
        }
        definer = (
            options.get("security", {}).get("Boolean", {}).get("boolval", False)
            if isinstance(options.get("security"), dict)
            else False
        )
        sets_path = any(
            o.get("DefElem", {}).get("defname") == "set"
            and o["DefElem"].get("arg", {}).get("VariableSetStmt", {}).get("name") == "search_path"
            for o in fields.get("options", [])
        )
        if definer and not sets_path:
            yield _finding(
                "security_definer_without_search_path",
                migration,
                line,
                f"SECURITY DEFINER function {name} without SET search_path",
            )
        body = (
            " ".join(
                str(item.get("String", {}).get("sval", ""))
                for item in (options.get("as", {}) or {}).get("List", {}).get("items", [])
            )
            if isinstance(options.get("as"), dict)
            else ""
        )
        language = options.get("language", {}).get("String", {}).get("sval")
        if language == "plpgsql" and _executes_concatenation(body):
            yield _finding(
                "dynamic_sql_injection", migration, line, f"{name} EXECUTEs a string built with ||"
            )
    elif kind == "DropStmt":
        remove = str(fields.get("removeType", "")).removeprefix("OBJECT_").lower()
        if remove == "policy":
            for item in fields.get("objects", []):
                parts = _names(item.get("List", {}).get("items"))
                if parts and fields.get("missing_ok"):
                    table = ".".join(parts[:-1]) if len(parts) > 2 else f"public.{parts[0]}"
                    dropped_policies.add((table, parts[-1]))
        if not fields.get("missing_ok"):
            yield _finding(
                "not_idempotent", migration, line, f"DROP {remove.upper()} without IF EXISTS"
            )
        if remove == "table":
            yield _finding(
                "breaking_change", migration, line, "DROP TABLE: code still running may read it"
            )
    elif kind == "CreatePolicyStmt":
        table = _qualified(fields["table"])
        from supatools.rls.expressions import tree_reads_user_metadata

        if any(tree_reads_user_metadata(fields.get(k)) for k in ("qual", "with_check")):
            yield _finding(
                "user_metadata_in_policy",
                migration,
                line,
                f'policy "{fields.get("policy_name")}" trusts user_metadata from the JWT',
            )
        schema = table.split(".", 1)[0]
        for spec in fields.get("roles", []):
            role = spec.get("RoleSpec", {}).get("rolename")
            if role in ("anon", "authenticated") and not (
                (table, role) in everything.grants
                or (f"{schema}.*", role) in everything.grants
                or ("*.*", role) in everything.grants
            ):
                yield _finding(
                    "policy_without_grant",
                    migration,
                    line,
                    f'policy "{fields.get("policy_name")}" is for {role}, which no file '
                    f"grants anything on {table}",
                )
        if (table, fields.get("policy_name")) not in dropped_policies:
            yield _finding(
                "not_idempotent",
                migration,
                line,
                f'CREATE POLICY "{fields.get("policy_name")}" without a DROP POLICY IF EXISTS '
                "before it",
            )
    elif kind == "AlterTableStmt":
        relation = fields["relation"]
        table = _qualified(relation)
        for wrapped in fields.get("cmds", []):
            cmd = wrapped.get("AlterTableCmd", {})
            subtype = cmd.get("subtype")
            if subtype == "AT_AddColumn":
                column = cmd.get("def", {}).get("ColumnDef", {})
                if not cmd.get("missing_ok"):
                    yield _finding(
                        "not_idempotent",
                        migration,
                        line,
                        f"ADD COLUMN {column.get('colname')} without IF NOT EXISTS",
                    )
                yield from _column(migration, line, table, column, everything)
                if existing(relation) and _volatile_default(column):
                    yield _finding(
                        "volatile_default",
                        migration,
                        line,
                        f"{table}.{column.get('colname')} gets a volatile default",
                        table,
                    )
            elif subtype == "AT_AlterColumnType" and existing(relation):
                yield _finding(
                    "column_type_rewrite",
                    migration,
                    line,
                    f"{table}.{cmd.get('name')} changes type",
                    table,
                )
            elif subtype == "AT_ValidateConstraint":
                column = everything.not_null_checks.get((table, str(cmd.get("name"))))
                if column:
                    everything.validated_not_null.add((table, column))
            elif (
                subtype == "AT_SetNotNull"
                and existing(relation)
                and (table, str(cmd.get("name"))) not in everything.validated_not_null
            ):
                yield _finding(
                    "set_not_null_scan",
                    migration,
                    line,
                    f"{table}.{cmd.get('name')} SET NOT NULL",
                    table,
                )
            elif subtype == "AT_AddConstraint" and existing(relation):
                constraint = cmd.get("def", {}).get("Constraint", {})
                null_test = (constraint.get("raw_expr") or {}).get("NullTest", {})
                tested = _names(null_test.get("arg", {}).get("ColumnRef", {}).get("fields"))
                if (
                    constraint.get("contype") == "CONSTR_CHECK"
                    and tested
                    and (null_test.get("nulltesttype") == "IS_NOT_NULL")
                ):
                    everything.not_null_checks[(table, str(constraint.get("conname")))] = tested[-1]
                    if not constraint.get("skip_validation"):
                        everything.validated_not_null.add((table, tested[-1]))
                if constraint.get("contype") in (
                    "CONSTR_PRIMARY",
                    "CONSTR_UNIQUE",
                ) and not constraint.get("indexname"):
                    yield _finding(
                        "unique_without_index",
                        migration,
                        line,
                        f"constraint {constraint.get('conname') or ''} on {table} builds its "
                        "index under the lock",
                        table,
                    )
                if constraint.get("contype") in (
                    "CONSTR_FOREIGN",
                    "CONSTR_CHECK",
                ) and not constraint.get("skip_validation"):
                    yield _finding(
                        "constraint_without_not_valid",
                        migration,
                        line,
                        f"constraint {constraint.get('conname') or ''} on {table} validates "
                        "every row",
                        table,
                    )
            elif subtype == "AT_DropColumn":
                yield _finding(
                    "breaking_change", migration, line, f"DROP COLUMN {table}.{cmd.get('name')}"
                )
    elif kind == "RenameStmt" and fields.get("renameType") in ("OBJECT_COLUMN", "OBJECT_TABLE"):
        yield _finding(
            "breaking_change",
            migration,
            line,
            f"RENAME of {_qualified(fields['relation'])}"
            + (f".{fields['subname']}" if fields.get("subname") else ""),
        )
    elif kind in ("UpdateStmt", "DeleteStmt") and not fields.get("whereClause"):
        yield _finding(
            "unbatched_data_change",
            migration,
            line,
            f"{kind[:-4].upper()} of {_qualified(fields['relation'])} without WHERE",
            _qualified(fields["relation"]),
        )
    elif kind == "VacuumStmt" and any(
        o.get("DefElem", {}).get("defname") == "full" for o in fields.get("options", [])
    ):
        yield _finding("blocking_maintenance", migration, line, "VACUUM FULL")
    elif kind == "ClusterStmt":
        yield _finding("blocking_maintenance", migration, line, "CLUSTER")
    elif kind == "InsertStmt":
        relation = fields.get("relation", {})
        name = str(relation.get("relname", ""))
        if "migration" in name and relation.get("schemaname") != "supabase_migrations":
            yield _finding(
                "self_tracking_insert",
                migration,
                line,
                f"INSERT INTO {_qualified(relation)}: the file tracks itself",
            )


def _column(
    migration: MigrationFile, line: int, table: str, column: dict[str, Any], everything: _State
) -> Iterator[LintFinding]:
    name = str(column.get("colname", ""))
    kind = _type_name(column)
    if kind == "jsonb" and f"{table}.{name}" not in everything.commented:
        yield _finding(
            "jsonb_undocumented",
            migration,
            line,
            f"{table}.{name} is jsonb without COMMENT ON COLUMN",
        )
    if kind in _TEXT_TYPES and _SENSITIVE.search(name.lower()):
        yield _finding(
            "plaintext_sensitive_column",
            migration,
            line,
            f"{table}.{name} stores a secret as {kind}",
        )
    primary = any(
        c.get("Constraint", {}).get("contype") == "CONSTR_PRIMARY"
        for c in column.get("constraints", [])
    )
    if primary and kind in (
        "serial",
        "bigserial",
        "int4",
        "int8",
        "integer",
        "bigint",
        "smallserial",
    ):
        yield _finding("prefer_uuid_pk", migration, line, f"{table}.{name} is a {kind} primary key")


def _executes_concatenation(body: str) -> bool:
    """Whether a PL/pgSQL body EXECUTEs a string glued together with ``||`` from values
    (not ``format()`` with %I/%L, not ``USING``): read with PL/pgSQL's own parser, the
    ``||`` found among the expression's tokens (inside a literal it is SQL text), and an
    ``EXECUTE var`` of a variable assigned such a concatenation counts too. A body the
    parser cannot take falls back to a pattern over the code without its comments."""
    from pglast import parser

    tree = None
    for returns in ("void", "SETOF record", "record"):  # RETURN QUERY needs SETOF, ...
        wrapper = (
            f"CREATE FUNCTION f() RETURNS {returns} LANGUAGE plpgsql "
            f"AS $supatools_body${body}$supatools_body$"
        )
        try:
            tree = json.loads(parser.parse_plpgsql_json(wrapper))
            break
        except Exception:  # unknown variables (parameters) and such
            continue
    if tree is None:
        return bool(_CONCAT_EXECUTE.search(_COMMENTS.sub(" ", body)))

    def glued(expression: str) -> bool:
        try:
            tokens = parser.scan(expression)
        except Exception:
            return "||" in expression
        return any(
            t.name == "Op" and expression[t.start : t.end + 1] == "||" for t in tokens
        ) and not expression.lstrip().lower().startswith("format")

    executed: list[str] = []
    concatenated: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_return_query"):
                    # RETURN QUERY SELECT ... is static SQL; only ... EXECUTE is dynamic
                    dynamic = "query" if key == "PLpgSQL_stmt_dynexecute" else "dynquery"
                    query = value.get(dynamic) or {}
                    text = query.get("PLpgSQL_expr", {}).get("query")
                    if isinstance(text, str):
                        executed.append(text)
                elif key == "PLpgSQL_stmt_assign":
                    text = value.get("expr", {}).get("PLpgSQL_expr", {}).get("query", "")
                    target, _, expression = str(text).partition(":=")
                    if expression and glued(expression):
                        concatenated.add(target.strip().lower())
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return any(glued(text) or text.strip().lower() in concatenated for text in executed)


def _secrets(migration: MigrationFile) -> Iterator[LintFinding]:
    import base64

    lines = LineIndex(migration.text)
    for pattern, what in _SECRET_PATTERNS:
        for match in pattern.finditer(migration.text):
            yield _finding(
                "hardcoded_secret", migration, lines.line(match.start()), f"{what} in the file"
            )
    for match in _JWT.finditer(migration.text):
        payload = match.group(1)
        try:
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (ValueError, TypeError):
            continue
        if isinstance(claims, dict) and claims.get("role") == "service_role":
            yield _finding(
                "hardcoded_secret",
                migration,
                lines.line(match.start()),
                "a service_role JWT in the file",
            )
