"""The audit's rules, evaluated in Python over one catalog snapshot.

Names follow Supabase's database linter (splinter) where it has the rule; the rest
close holes splinter misses. ``rls_enabled_no_policy`` is an error here: every table
must carry policies unless ``policies/`` marks it deny-all.
"""

from __future__ import annotations

from collections.abc import Iterable

from supatools.rls.catalog import Snapshot
from supatools.rls.expectations import Expectations
from supatools.rls.findings import LEVELS, Finding, Rule, at_or_above, order
from supatools.rls.policy_rules import (
    api_role_missing_grant,
    auth_rls_initplan,
    expectations_met,
    function_search_path_mutable,
    multiple_permissive_policies,
    policy_function_not_executable,
    restrictive_only_policies,
    rls_policy_always_true,
    rls_references_user_metadata,
    security_definer_function_executable,
    storage_policies,
    write_policy_without_select,
)
from supatools.rls.registry import check
from supatools.rls.table_rules import (
    auth_users_exposed,
    catalog_lints,
    extension_in_public,
    foreign_table_in_api,
    materialized_view_in_api,
    partition_rls_disabled,
    policy_exists_rls_disabled,
    rls_disabled_in_public,
    rls_enabled_no_policy,
    security_definer_view,
    sensitive_columns_exposed,
    service_role_missing_grant,
)

__all__ = ["LEVELS", "RULES", "Finding", "at_or_above", "evaluate", "order"]

RULES: tuple[Rule, ...] = (
    rls_disabled_in_public,
    partition_rls_disabled,
    rls_enabled_no_policy,
    policy_exists_rls_disabled,
    security_definer_view,
    auth_users_exposed,
    materialized_view_in_api,
    foreign_table_in_api,
    sensitive_columns_exposed,
    service_role_missing_grant,
    extension_in_public,
    catalog_lints,
    api_role_missing_grant,
    rls_policy_always_true,
    rls_references_user_metadata,
    auth_rls_initplan,
    multiple_permissive_policies,
    restrictive_only_policies,
    write_policy_without_select,
    policy_function_not_executable,
    storage_policies,
    security_definer_function_executable,
    function_search_path_mutable,
    expectations_met,
)


def evaluate(
    snap: Snapshot, exp: Expectations, extra: Iterable[Finding] = ()
) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """Every rule's findings plus ``extra`` ones, split into (findings, ignored findings with
    the team's reason), both sorted deterministically."""
    findings: list[Finding] = []
    ignored: list[tuple[Finding, str]] = []
    produced = [item for rule in RULES for item in rule(snap, exp)]
    checked: set[tuple[str, str]] = set()
    for item in [*produced, *extra]:
        if (item.rule, item.level) not in checked:
            check(item.rule, item.level)
            checked.add((item.rule, item.level))
        skip = exp.ignored(item.rule, item.qualified)
        if skip:
            ignored.append((item, skip.reason))
        else:
            findings.append(item)
    findings.sort(key=order)
    ignored.sort(key=lambda pair: order(pair[0]))
    return findings, ignored
