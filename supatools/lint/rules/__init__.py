"""The lint rules, one module per family. Importing this package registers them all.

``ORDER`` below is the order in which rules see one node, so the order in which the
findings of one statement come (``migrate --dry-run`` lists them so): on a CREATE
POLICY the policy findings come before ``not_idempotent``, on other statements
``not_idempotent`` comes first; on a column, ``jsonb_undocumented``,
``plaintext_sensitive_column``, ``prefer_uuid_pk`` then ``volatile_default``.

A new rule: a function decorated with :func:`supatools.lint.registry.rule` in the module
of its family (the node kinds it wants, its level, why, fix, squawk/splinter
counterpart), a case in tests/test_lint.py's CASES, and its row in README.md's lint
table (tests/test_lint_registry.py fails until the row matches).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

#: the families, in the order rules see one node (a plain import list would be sorted)
ORDER = ("syntax", "policies", "conventions", "secrets", "security", "locks", "breakage")
FAMILIES: tuple[ModuleType, ...] = tuple(import_module(f"{__name__}.{f}") for f in ORDER)
