"""Issue 20 item 4: an always-true write policy says which clause is true, and what that
lets its roles do."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.test_rls import GOOD, run_audit

# --- item 4: which clause is true, and what it allows --------------------------------------


def always_true_details(database: Database, tmp_path: Path, setup: str) -> dict[str, str]:
    result = run_audit(database, GOOD + setup, tmp_path, fail_on="info")
    return {
        f.detail.split("'")[1]: f.detail
        for f in result.findings
        if f.rule == "rls_policy_always_true"
    }


def test_an_update_policy_with_check_true_says_with_check_and_what_it_allows(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        'create policy "edit own" on public.notes for update to authenticated '
        "using ((select auth.uid()) = owner) with check (true);"
    )
    details = always_true_details(database, tmp_path, setup)
    assert details == {
        "edit own": "policy 'edit own' (update) for authenticated: WITH CHECK is true: a user "
        "who may update a row may change it to anything, including its owner column"
    }


def test_an_update_policy_with_using_true_says_using(database: Database, tmp_path: Path) -> None:
    setup = (
        'create policy "edit any" on public.notes for update to authenticated '
        "using (true) with check ((select auth.uid()) = owner);"
        'create policy "drop any" on public.notes for delete to authenticated using (1 = 1);'
    )
    details = always_true_details(database, tmp_path, setup)
    assert details == {
        "edit any": "policy 'edit any' (update) for authenticated: USING is true: they may "
        "update any row (the new row must still pass WITH CHECK)",
        "drop any": "policy 'drop any' (delete) for authenticated: USING is true: they may "
        "delete any row",
    }


def test_an_update_policy_restrictive_on_both_sides_is_not_always_true(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        'create policy "edit own too" on public.notes for update to authenticated '
        "using ((select auth.uid()) = owner) with check ((select auth.uid()) = owner);"
    )
    assert always_true_details(database, tmp_path, setup) == {}
