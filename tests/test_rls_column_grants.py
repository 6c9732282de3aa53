"""Issue 20 item 5: column grants count for api_role_missing_grant."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.test_rls import GOOD, run_audit
from tests.test_rls_noise import found

# --- item 5: column grants count ---------------------------------------------------------

HARDENED = GOOD + (
    "alter table public.notes add column title text, add column tags text[];"
    "revoke update on public.notes from authenticated;"
)


def test_update_granted_on_columns_only_is_not_a_missing_grant(
    database: Database, tmp_path: Path
) -> None:
    setup = HARDENED + "grant update (body, title, tags) on public.notes to authenticated;"
    assert found(database, tmp_path, setup, "api_role_missing_grant") == []


def test_update_revoked_with_no_column_grant_is_still_a_missing_grant(
    database: Database, tmp_path: Path
) -> None:
    result = run_audit(database, HARDENED, tmp_path, fail_on="info")
    [hit] = [f for f in result.findings if f.rule == "api_role_missing_grant"]
    assert (hit.level, hit.qualified) == ("error", "public.notes")
    assert hit.remediation == 'GRANT UPDATE ON "public"."notes" TO authenticated;'


def test_a_column_grant_to_another_role_does_not_count(database: Database, tmp_path: Path) -> None:
    setup = HARDENED + "grant update (body) on public.notes to anon;"
    assert found(database, tmp_path, setup, "api_role_missing_grant") == [("error", "public.notes")]
