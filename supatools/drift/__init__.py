"""Drift: the database's catalog against what its migrations make.

:mod:`.snapshot` takes the project schemas' objects in one round trip, :mod:`.compare`
tells what was added, is missing or changed (and which of it opens a way in), and
:mod:`.write` turns the drift into a migration that keeps the live state.
"""

from supatools.drift.compare import Drift, compare
from supatools.drift.snapshot import Item, Key, Snapshot, take
from supatools.drift.write import migration_sql, write_migration

__all__ = [
    "Drift",
    "Item",
    "Key",
    "Snapshot",
    "compare",
    "migration_sql",
    "take",
    "write_migration",
]
