"""Finding levels: one type for the RLS audit, the migration linter, the CLI and configuration.

``error`` is a hole or a breakage an app owner fixes today, ``warn`` a risk, ``info`` style.
``warning`` is accepted wherever ``warn`` is (the Supabase CLI and GitHub spell it so); the
canonical spelling is what every output shows.
"""

from __future__ import annotations

from typing import Literal, cast

Level = Literal["error", "warn", "info"]

#: most severe first: the order findings are sorted and thresholds compared in
LEVELS: tuple[Level, ...] = ("error", "warn", "info")

#: other spellings accepted on input
ALIASES: dict[str, Level] = {"warning": "warn"}


def normalise(text: str) -> Level | None:
    """``text`` as a level (aliases folded, case ignored), or None when it is not one."""
    folded = text.strip().lower()
    folded = ALIASES.get(folded, folded)
    for level in LEVELS:
        if folded == level:
            return level
    return None


def rank(level: str) -> int:
    """0 for the most severe level; for sorting."""
    return LEVELS.index(cast(Level, level))


def at_or_above(level: str, threshold: str) -> bool:
    """True when ``level`` is as severe as ``threshold`` or more."""
    return rank(level) <= rank(threshold)
