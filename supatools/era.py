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


def first_dated(migrations_dir: Path) -> tuple[str, date] | None:
    """The oldest migration whose version is a date, with that date (None: no folder, no
    file, or no version that is a date). The project existed by then at the latest."""
    from supatools.migrations.files import DOWN_RULE, NAME_RULE

    try:
        names = os.listdir(migrations_dir)
    except OSError:
        return None
    dated = [
        (day, match["version"])
        for name in names
        if (match := NAME_RULE.match(name)) and not DOWN_RULE.match(name)
        if (day := version_date(match["version"])) is not None
    ]
    if not dated:
        return None
    day, version = min(dated)
    return version, day


def version_date(version: str) -> date | None:
    """The day a version names: ``YYYYMMDDHHMMSS`` (the Supabase CLI's), or ten digits of
    Unix seconds (``1660333326``, as some older projects named them); None for others
    (``0001``)."""
    if len(version) == 10 and version.startswith("1"):
        from datetime import datetime, timezone

        return datetime.fromtimestamp(int(version), timezone.utc).date()
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
    found = first_dated(migrations_dir)
    if found is None:
        return EXPLICIT, (
            "no migration dated by its version: a project created now gets the explicit "
            f"grants (Supabase's default since {CHANGE.isoformat()})"
        )
    first, day = found
    if day < CHANGE:
        return LEGACY, (
            f"the first migration ({first}, {day.isoformat()}) predates "
            f"{CHANGE.isoformat()}: a project created then has the legacy default grants "
            "to anon, authenticated and service_role"
        )
    return EXPLICIT, (
        f"the first migration ({first}, {day.isoformat()}) is from {CHANGE.isoformat()} "
        "or later: new tables must be granted explicitly"
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
