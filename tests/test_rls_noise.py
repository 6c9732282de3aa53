"""Issue 20: noise the gate raised on real apps. Each item has a hole case (the finding,
at its level, saying what it should) and a near-miss, on real PostgreSQL. Item 2 here;
items 3-5 in test_rls_storage_helpers, test_rls_always_true_detail, test_rls_column_grants."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database, run_cli
from tests.test_rls import GOOD, run_audit

LOCKED = (
    "create table public.audit_log (id int primary key, body text);"
    "alter table public.audit_log enable row level security;"
    "grant select, insert, update, delete on public.audit_log to service_role;"
)


def found(database: Database, tmp_path: Path, setup: str, rule: str) -> list[tuple[str, str]]:
    """(level, object) of each finding of ``rule`` after ``setup``."""
    result = run_audit(database, setup, tmp_path, fail_on="info")
    return [(f.level, f.qualified) for f in result.findings if f.rule == rule]


# --- item 2: rls_enabled_no_policy denies, it does not leak: a warning ---------------------


def test_rls_on_without_policies_is_a_warning_and_does_not_fail_the_gate(
    database: Database, tmp_path: Path
) -> None:
    assert found(database, tmp_path, GOOD + LOCKED, "rls_enabled_no_policy") == [
        ("warn", "public.audit_log")
    ]
    (tmp_path / "policies").mkdir(exist_ok=True)
    gate = run_cli(
        "verify-rls", "--db-url", database.url, "--policies-dir", str(tmp_path / "policies")
    )
    assert gate.returncode == 0, gate.stderr
    strict = run_cli(
        "verify-rls",
        "--db-url",
        database.url,
        "--policies-dir",
        str(tmp_path / "policies"),
        "--fail-on",
        "warn",
    )
    assert strict.returncode == 1 and "rls_enabled_no_policy" in strict.stdout


def test_a_deny_all_table_in_policies_is_still_silent(database: Database, tmp_path: Path) -> None:
    result = run_audit(
        database,
        GOOD + LOCKED,
        tmp_path,
        toml="[tables.audit_log]\ndeny_all = true\n",
        fail_on="info",
    )
    assert [f for f in result.findings if f.rule == "rls_enabled_no_policy"] == []
