"""The default-grants era of a project: the one decision the local server and the audit share.

On 2026-10-30 Supabase stopped granting new tables, sequences and functions in ``public``
to ``anon``, ``authenticated`` and ``service_role`` through default privileges ("explicit"
grants). Projects created before keep the old default privileges ("legacy"), also for the
migrations they add later: the era is fixed when the project is created, so the test is the
date of the project's FIRST migration, not its newest. An app written in the legacy era
never grants its tables itself; run on an explicit-era server, every table would lack its
grants (94 audit errors on 23 real apps) although the hosted project has them.

The decision, highest first: the setting (``[tool.supatools.local] grants`` or
``SUPATOOLS_LOCAL_GRANTS``: ``legacy``, ``explicit``; ``auto`` decides); the first
migration's version date; explicit (a new project). ``supabase/config.toml`` records no
creation date or grants setting (the Supabase CLI's config has none), so it gives no hint.
A live database tells its own era by its default privileges (``pg_default_acl``):
:func:`from_default_grantees` reads that for the audit.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

#: the day new Supabase projects stopped granting new objects to the API roles
CHANGE = date(2026, 10, 30)
LEGACY = "legacy"
EXPLICIT = "explicit"
#: the roles the legacy default privileges grant to
API_GRANTEES = frozenset({"anon", "authenticated", "service_role"})


def first_version(migrations_dir: Path) -> str | None:
    """The lowest version among the folder's migration files (None: no folder, no file)."""
    from supatools.migrations.files import DOWN_RULE, NAME_RULE

    try:
        names = os.listdir(migrations_dir)
    except OSError:
        return None
    versions = [
        match["version"]
        for name in names
        if (match := NAME_RULE.match(name)) and not DOWN_RULE.match(name)
    ]
    return min(versions, key=lambda v: (int(v), v)) if versions else None


def version_date(version: str) -> date | None:
    """The day a ``YYYYMMDDHHMMSS`` version names; None for other versions (``0001``)."""
    if len(version) < 14:
        return None
    try:
        return date(int(version[:4]), int(version[4:6]), int(version[6:8]))
    except ValueError:
        return None


def decide(setting: str, source: str | None, migrations_dir: Path) -> tuple[str, str]:
    """(era, why): ``setting`` ("legacy", "explicit", or "auto") from ``source``, else the
    date of the first migration in ``migrations_dir``, else explicit."""
    if setting in (LEGACY, EXPLICIT):
        return setting, f"set by {source or 'the settings'}"
    first = first_version(migrations_dir)
    if first is None:
        return EXPLICIT, (
            f"no migration yet: a project created now gets the explicit grants "
            f"(Supabase's default since {CHANGE.isoformat()})"
        )
    day = version_date(first)
    if day is None:
        return EXPLICIT, (
            f"the first migration's version {first} is not a date: explicit grants "
            f"(Supabase's default since {CHANGE.isoformat()})"
        )
    if day < CHANGE:
        return LEGACY, (
            f"the first migration ({first}) predates {CHANGE.isoformat()}: a project "
            "created then has the legacy default grants to anon, authenticated and "
            "service_role"
        )
    return EXPLICIT, (
        f"the first migration ({first}) is from {CHANGE.isoformat()} or later: new tables "
        "must be granted explicitly"
    )


def from_default_grantees(grantees: frozenset[str] | set[str]) -> tuple[str, str]:
    """(era, why) of a live database from the roles its default privileges grant tables
    in ``public`` to (``pg_default_acl``): legacy when they include the three API roles."""
    if API_GRANTEES <= set(grantees):
        return LEGACY, (
            "the database's default privileges grant new tables in public to anon, "
            "authenticated and service_role (a project created before "
            f"{CHANGE.isoformat()})"
        )
    return EXPLICIT, (
        "the database's default privileges do not grant new tables in public to the API "
        "roles: each table must be granted explicitly"
    )
