"""The one registry of the RLS audit: every rule's function and metadata, read from the
rule modules, where each rule is written once beside its metadata (see
:mod:`supatools.rls.register` for how).

A finding whose rule or level is not registered is a bug: :func:`check` says so. SARIF's
rule descriptions come from :data:`RULES_INFO`, and a test checks the README's rule table
(names and default levels) against it.

A new rule is one decorated function in the module of its family, and its test:

- ``rules_tables``: tables, views and other relations of the exposed schemas
- ``rules_grants``: what the API roles and service_role must hold
- ``rules_policies``: what policies let through, trust, and cost
- ``rules_functions``: functions the API can reach
- ``rules_policy_scope``: whom a policy lets through (signed-in users, anyone, nobody)
- ``rules_columns``: column-level grants
- ``rules_storage``: Supabase Storage's buckets and objects, Realtime's messages
- ``rules_performance``: splinter's catalog-only performance lints
- ``rules_expectations``: ``policies/`` and the audit's notes about itself
"""

from __future__ import annotations

from supatools.rls import (  # noqa: F401  (importing a family registers its rules)
    rules_columns,
    rules_expectations,
    rules_functions,
    rules_grants,
    rules_performance,
    rules_policies,
    rules_policy_scope,
    rules_storage,
    rules_tables,
)
from supatools.rls.register import FUNCTIONS, INFOS, Rule, RuleInfo

__all__ = ["RULES", "RULES_INFO", "RuleInfo", "check"]

#: every rule's metadata by name
RULES_INFO: dict[str, RuleInfo] = INFOS
#: every rule function, in the order the families are imported
RULES: tuple[Rule, ...] = tuple(FUNCTIONS)


def check(rule: str, level: str) -> None:
    """Refuse a finding whose rule or level is not registered (a bug in supatools)."""
    info = RULES_INFO.get(rule)
    if info is None or level not in info.levels:
        raise AssertionError(f"finding {rule!r} at {level!r} is not registered")
