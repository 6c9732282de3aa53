"""The command layer: one function per use case, between the CLI and the engines.

Each function resolves what its command works on (the :class:`Target` database, the
files), calls the engines below (``migrations/``, ``rls/``, ``preflight/``, ``lint/``,
``local``, ``backup``), plugs into them what a run must also do (the preflight prelude,
the seed, the RLS gate: see :mod:`supatools.commands.hooks`), and returns an
:class:`Outcome`: the result, whether the command succeeded, and the one-line message
when it did not. Nothing here prints, except through the callbacks the CLI hands in.

One module per family: :mod:`.migrate` (list, status, dry run, apply, rehearse),
:mod:`.recover` (rollback, baseline, repair, backup, restore), :mod:`.checks`
(verify-rls, preflight, lint, new) and :mod:`.local`.
"""

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
