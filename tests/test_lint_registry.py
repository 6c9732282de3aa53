"""The lint package's shape (issue 19): one registry of rules, each a function with its
metadata beside it, nodes dispatched by pglast class, and the README table tested
against the registry so the two cannot drift."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import supatools.lint as linting
from supatools.lint import RULES, lint
from supatools.lint.registry import BY_NODE, rule
from supatools.migrations.files import discover
from tests.conftest import REPO, write

HEADER = "-- A migration with a description.\n\n"
PACKAGE = REPO / "supatools" / "lint"

#: every module-level name of the one-module supatools/lint.py, still importable
FORMER_NAMES = (
    "LEVELS LintRule RULES LintFinding levels_from lint LARGE_TABLE_RULES LARGE_ROWS "
    "LARGE_BYTES LARGE_TABLE with_sizes _executes_concatenation _SENSITIVE _TEXT_TYPES "
    "_SECRET_PATTERNS _JWT _CONCAT_EXECUTE _COMMENTS _IGNORE _State _type_name _learn "
    "_ignored _finding _check_file _statement _column _secrets _names _qualified "
    "_relations _volatile_default MigrationFile LineIndex exact_statements ConfigError "
    "MigrationFileError"
).split()


def readme_rows() -> dict[str, list[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `supatools new` and `supatools lint`", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    cells = [[c.strip() for c in row.strip("|").split(" | ")] for row in rows]
    return {c[0].strip("`"): c[1:] for c in cells}


def test_the_readme_table_is_the_registry_row_for_row() -> None:
    rows = readme_rows()
    assert list(rows) and set(rows) == set(RULES)
    for name, entry in RULES.items():
        assert rows[name][:3] == [entry.level, entry.why, entry.fix], name


def test_every_rule_is_a_registered_function_with_its_metadata() -> None:
    import pglast.ast

    # how many: the README table above lists them all (a rule is added in one rule module
    # and its test, with its README row; no count to bump here)
    assert len(RULES) >= 33
    for name, entry in RULES.items():
        assert entry.name == name and entry.level in linting.LEVELS
        assert callable(entry.check) and entry.why and entry.fix
        for kind in entry.nodes:  # node kinds are pglast node classes
            assert isinstance(getattr(pglast.ast, kind, None), type), (name, kind)
            assert entry in BY_NODE[kind]
    assert RULES["table_without_rls"].splinter == "0013_rls_disabled_in_public"
    assert RULES["not_idempotent"].squawk == "prefer-robust-stmts"


def test_the_large_table_rules_are_those_of_the_one_module_linter() -> None:
    from supatools.settings import LARGE_TABLE

    assert linting.LARGE_TABLE_RULES == {
        "unique_without_index",
        "index_without_concurrently",
        "volatile_default",
        "column_type_rewrite",
        "set_not_null_scan",
        "constraint_without_not_valid",
        "unbatched_data_change",
        "blocking_maintenance",
        "stored_generated_column",
    }
    assert linting.LARGE_TABLE == LARGE_TABLE


def test_former_names_stay_importable() -> None:
    missing = [name for name in FORMER_NAMES if not hasattr(linting, name)]
    assert missing == []


def test_a_rule_name_registers_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        rule("not_idempotent", "warn", "why", "fix", nodes=("CreateStmt",))
    with pytest.raises(ValueError, match="node rules"):
        rule("a_new_rule", "warn", "why", "fix")  # a node rule that names no node


def test_lint_sits_below_settings_and_stays_small() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        imported = {
            n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
        } | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "supatools.settings" not in imported, path
        assert text.count("\n") <= 400, path
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.end_lineno:
                assert node.end_lineno - node.lineno < 80, (path, node.name)


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            'create policy "p" on public.notes for select to authenticated using '
            "((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');",
            ["user_metadata_in_policy", "policy_without_grant", "not_idempotent"],
        ),
        (
            "create index i on public.notes (body);",
            ["not_idempotent", "index_without_concurrently"],
        ),
        (
            "create table public.t (id serial primary key, meta jsonb, password text);",
            [
                "not_idempotent",
                "table_without_rls",
                "prefer_uuid_pk",
                "jsonb_undocumented",
                "plaintext_sensitive_column",
            ],
        ),
        (
            "alter table public.notes add column password text default gen_random_uuid(), "
            "add column meta jsonb;",
            [
                "not_idempotent",
                "plaintext_sensitive_column",
                "volatile_default",
                "not_idempotent",
                "jsonb_undocumented",
            ],
        ),
    ],
)
def test_findings_of_one_statement_come_in_the_order_dry_run_lists(
    tmp_path: Path, sql: str, expected: list[str]
) -> None:
    write(
        tmp_path,
        "20250101000000_base.sql",
        HEADER + "create table if not exists public.notes (id uuid primary key, body text);\n"
        "alter table public.notes enable row level security;\n",
    )
    write(tmp_path, "20250102000000_later.sql", HEADER + sql + "\n")
    found = [
        f.rule
        for f in lint(discover(tmp_path))
        if f.path.name == "20250102000000_later.sql"
        and f.rule not in ("missing_rollback", "undeclared_dependency")
    ]
    assert found == expected


def squawk_rows() -> dict[str, list[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `supatools new` and `supatools lint`", 1)[1].split("\n## ", 1)[0]
    table = section.split("| squawk rule | supatools | note |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    cells = [[c.strip() for c in row.strip("|").split(" | ")] for row in rows]
    return {squawk: cell[1:] for cell in cells for squawk in cell[0].split(", ")}


def test_the_readme_squawk_table_is_the_rules_squawk_metadata() -> None:
    """Each squawk rule's row names the supatools rules whose metadata claims it, and every
    squawk rule a supatools rule claims has its row."""
    rows = squawk_rows()
    assert len(rows) >= 35
    claimed: dict[str, set[str]] = {}
    for name, entry in RULES.items():
        for squawk in filter(None, (s.strip() for s in entry.squawk.split(","))):
            claimed.setdefault(squawk, set()).add(name)
    for squawk, (ours, note) in rows.items():
        named = set() if ours == "—" else set(ours.split(", "))
        assert named == claimed.get(squawk, set()), squawk
        assert named or note, squawk  # a squawk rule we do not follow says why
    assert set(claimed) <= set(rows)
