"""Every rule of the RLS audit in one place: its name, the levels it reports at, what it
finds, and the splinter lint it follows (when splinter has one).

A finding whose rule or level is not registered here is a bug: :func:`check` says so.
The README's rule table and the SARIF rule descriptions are checked against, and made
from, this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleInfo:
    name: str
    levels: tuple[str, ...]  # the first is the usual one
    summary: str
    splinter: str = ""  # the splinter lint it covers, e.g. "0013_rls_disabled_in_public"


_ALL = (
    # tables and relations
    RuleInfo(
        "rls_disabled_in_public",
        ("error", "warn"),
        "A table the API can reach has Row Level Security off.",
        "0013_rls_disabled_in_public",
    ),
    RuleInfo(
        "partition_rls_disabled",
        ("error",),
        "A partition has RLS off: its parent's policies do not apply when it is queried.",
    ),
    RuleInfo(
        "rls_enabled_no_policy",
        ("error",),
        "RLS is on but no policy exists: every API request is denied.",
        "0008_rls_enabled_no_policy",
    ),
    RuleInfo(
        "policy_exists_rls_disabled",
        ("error",),
        "Policies exist but RLS is off, so they do not apply.",
        "0007_policy_exists_rls_disabled",
    ),
    RuleInfo(
        "security_definer_view",
        ("error",),
        "A view the API can read runs with its owner's rights.",
        "0010_security_definer_view",
    ),
    RuleInfo(
        "auth_users_exposed",
        ("error",),
        "auth.users is readable through a view the API can reach.",
        "0002_auth_users_exposed",
    ),
    RuleInfo(
        "materialized_view_in_api",
        ("warn",),
        "A materialized view (no RLS) is readable through the API.",
        "0016_materialized_view_in_api",
    ),
    RuleInfo(
        "foreign_table_in_api",
        ("warn",),
        "A foreign table (no RLS) is readable through the API.",
        "0017_foreign_table_in_api",
    ),
    RuleInfo(
        "sensitive_columns_exposed",
        ("error",),
        "A relation readable without RLS has a sensitive column.",
        "0023_sensitive_columns_exposed",
    ),
    RuleInfo(
        "service_role_missing_grant",
        ("error",),
        "service_role lacks SELECT/INSERT/UPDATE/DELETE on a table of the API.",
    ),
    RuleInfo(
        "extension_in_public",
        ("warn",),
        "An extension is installed in an exposed schema.",
        "0014_extension_in_public",
    ),
    RuleInfo(
        "fkey_to_auth_unique",
        ("error",),
        "A foreign key to an auth table goes through a unique constraint that may be dropped.",
        "0021_fkey_to_auth_unique",
    ),
    RuleInfo(
        "insecure_queue_exposed_in_api",
        ("error",),
        "A pgmq queue table is readable through the API without RLS.",
        "0019_insecure_queue_exposed_in_api",
    ),
    RuleInfo(
        "unsupported_reg_types",
        ("warn",),
        "A column of a reg* type that pg_upgrade cannot carry.",
        "0018_unsupported_reg_types",
    ),
    RuleInfo(
        "extension_versions_outdated",
        ("warn",),
        "An installed extension is older than the version the server ships.",
        "0022_extension_versions_outdated",
    ),
    RuleInfo(
        "pg_graphql_anon_table_exposed",
        ("warn",),
        "With pg_graphql installed, anon can see the relation in GraphQL introspection.",
        "0026_pg_graphql_anon_table_exposed",
    ),
    RuleInfo(
        "pg_graphql_authenticated_table_exposed",
        ("info",),
        "With pg_graphql installed, signed-in users can see the relation in introspection.",
        "0027_pg_graphql_authenticated_table_exposed",
    ),
    # policies and grants
    RuleInfo(
        "api_role_missing_grant",
        ("error",),
        "A policy names anon or authenticated, but the role holds no grant for its command.",
    ),
    RuleInfo(
        "rls_policy_always_true",
        ("warn",),
        "A write policy for the API roles whose USING or WITH CHECK is always true.",
        "0024_rls_policy_always_true",
    ),
    RuleInfo(
        "rls_references_user_metadata",
        ("error",),
        "A policy trusts user_metadata from the JWT, which users can edit.",
        "0015_rls_references_user_metadata",
    ),
    RuleInfo(
        "auth_rls_initplan",
        ("warn",),
        "A policy calls auth.uid()/auth.jwt()/current_setting() once per row.",
        "0003_auth_rls_initplan",
    ),
    RuleInfo(
        "multiple_permissive_policies",
        ("warn",),
        "Several permissive policies for one role and command.",
        "0006_multiple_permissive_policies",
    ),
    RuleInfo(
        "restrictive_only_policies",
        ("warn",),
        "Only restrictive policies for a role and command: deny-all by accident.",
    ),
    RuleInfo(
        "write_policy_without_select",
        ("warn",),
        "An UPDATE/DELETE policy without a SELECT policy: writes silently match nothing.",
    ),
    RuleInfo(
        "policy_function_not_executable",
        ("error",),
        "A policy calls a function its roles cannot execute.",
    ),
    RuleInfo(
        "anon_security_definer_function_executable",
        ("warn", "error"),
        "anon may call a SECURITY DEFINER function of an exposed schema.",
        "0028_anon_security_definer_function_executable",
    ),
    RuleInfo(
        "authenticated_security_definer_function_executable",
        ("warn", "error"),
        "Signed-in users may call a SECURITY DEFINER function of an exposed schema.",
        "0029_authenticated_security_definer_function_executable",
    ),
    RuleInfo(
        "function_search_path_mutable",
        ("warn",),
        "A function without a fixed search_path.",
        "0011_function_search_path_mutable",
    ),
    RuleInfo(
        "storage_bucket_creation_open",
        ("error",),
        "A storage.buckets policy lets the API roles create buckets with no check.",
    ),
    RuleInfo(
        "storage_upload_unrestricted",
        ("error",),
        "A storage.objects policy lets the API roles upload anywhere.",
    ),
    RuleInfo(
        "public_bucket_allows_listing",
        ("warn",),
        "A public bucket's files can be listed by clients.",
        "0025_public_bucket_allows_listing",
    ),
    # the team's expectations (policies/) and the audit itself
    RuleInfo("expected_table_missing", ("error",), "A table policies/ expects does not exist."),
    RuleInfo("expected_force_rls", ("error",), "policies/ expects FORCE ROW LEVEL SECURITY."),
    RuleInfo("deny_all_has_policies", ("error",), "A deny_all table has policies."),
    RuleInfo("expected_policy_missing", ("error",), "A policy policies/ expects is missing."),
    RuleInfo(
        "expected_policy_mismatch",
        ("error",),
        "A policy differs from what policies/ expects.",
    ),
    RuleInfo("unexpected_policy", ("warn",), "A policy policies/ does not list."),
    RuleInfo(
        "behaviour_test_failed",
        ("error",),
        "A behaviour test of policies/ returned what it did not expect.",
    ),
    RuleInfo(
        "schema_not_audited",
        ("warn",),
        "A schema the API serves is not in the audited set.",
    ),
    RuleInfo("no_tables_checked", ("warn",), "The audited schemas hold no table."),
)

RULES_INFO: dict[str, RuleInfo] = {rule.name: rule for rule in _ALL}


def check(rule: str, level: str) -> None:
    """Refuse a finding whose rule or level is not registered (a bug in supatools)."""
    info = RULES_INFO.get(rule)
    if info is None or level not in info.levels:
        raise AssertionError(f"finding {rule!r} at {level!r} is not registered")
