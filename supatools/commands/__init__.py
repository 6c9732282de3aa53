"""The command layer: one function per use case, between the CLI and the engines.

Each function resolves what its command works on (the :class:`Target` database, the
files), calls the engines below (``migrations/``, ``rls/``, ``preflight/``, ``lint/``,
``local``, ``backup``), plugs into them what a run must also do (the preflight prelude,
the seed, the RLS gate: see :mod:`supatools.commands.hooks`), and returns an
:class:`Outcome`: the result, whether the command succeeded, and the one-line message
when it did not. Nothing here prints, except through the callbacks the CLI hands in.

One module per family: :mod:`.migrate` (list, status, dry run, apply, rehearse),
:mod:`.recover` (rollback, baseline, repair, backup, restore), :mod:`.checks`
(verify-rls, preflight, lint, new), :mod:`.local` and :mod:`.drift`.

A name of this package loads its family's module when first used (PEP 562): a command
pays for its own family only (``migrate --list`` does not import drift's, which loads
``tempfile``; issue 24, start-up).
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from supatools.commands.base import Outcome, Say, Target, connection, target
    from supatools.commands.checks import audit_locations, lint, new, preflight, verify_rls
    from supatools.commands.drift import drift
    from supatools.commands.local import local, local_reset, local_url
    from supatools.commands.migrate import (
        migrate,
        migration_dry_run,
        migration_inputs,
        migration_list,
        migration_status,
        rehearse,
        rehearsed_run,
    )
    from supatools.commands.recover import backup, backup_now, baseline, repair, restore, rollback

__all__ = [
    "Outcome",
    "Say",
    "Target",
    "audit_locations",
    "backup",
    "backup_now",
    "baseline",
    "connection",
    "drift",
    "lint",
    "local",
    "local_reset",
    "local_url",
    "migrate",
    "migration_dry_run",
    "migration_inputs",
    "migration_list",
    "migration_status",
    "new",
    "preflight",
    "rehearse",
    "rehearsed_run",
    "repair",
    "restore",
    "rollback",
    "target",
    "verify_rls",
]

#: each name this package offers, and the family module that defines it
_FAMILY = {
    "Outcome": "base",
    "Say": "base",
    "Target": "base",
    "connection": "base",
    "target": "base",
    "audit_locations": "checks",
    "lint": "checks",
    "new": "checks",
    "preflight": "checks",
    "verify_rls": "checks",
    "drift": "drift",
    "local": "local",
    "local_reset": "local",
    "local_url": "local",
    "migrate": "migrate",
    "migration_dry_run": "migrate",
    "migration_inputs": "migrate",
    "migration_list": "migrate",
    "migration_status": "migrate",
    "rehearse": "migrate",
    "rehearsed_run": "migrate",
    "backup": "recover",
    "backup_now": "recover",
    "baseline": "recover",
    "repair": "recover",
    "restore": "recover",
    "rollback": "recover",
}


if not TYPE_CHECKING:  # mypy reads the imports above, and flags a name that is not there

    def __getattr__(name: str) -> Any:
        family = _FAMILY.get(name)
        if family is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(f"{__name__}.{family}"), name)
        globals()[name] = value
        return value


class _Package(ModuleType):
    """Three families share their name with a use case (``migrate``, ``local``, ``drift``):
    ``commands.migrate`` is the use case, as when this package imported every family.
    Importing a family sets the package's attribute of its name to the module; here that
    attribute stays unset instead, so ``__getattr__`` gives the use case."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _FAMILY.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
