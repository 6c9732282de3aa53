"""``[tool.supatools.lint]``: the level of each rule and when a table is large.

Checked here, beside the rules it names; :mod:`supatools.settings` calls
:func:`levels_from` when the section is set (lint does not import settings).
"""

from __future__ import annotations

from typing import Any

from supatools.errors import ConfigError
from supatools.levels import normalise
from supatools.lint import rules as _rules  # noqa: F401  (registers every rule)
from supatools.lint.registry import RULES

#: a table is large from 1M rows or 1 GB (``[tool.supatools.lint]`` large_table_rows /
#: large_table_bytes); settings.LARGE_TABLE is the same pair (a test pins it)
LARGE_TABLE = (1_000_000, 1 << 30)
LARGE_ROWS, LARGE_BYTES = LARGE_TABLE


def levels_from(config: dict[str, Any], source: str) -> tuple[dict[str, str], tuple[int, int]]:
    """``[tool.supatools.lint]``: the level of each rule named (rule = "off" | "info" |
    "warn" | "error"), and the large-table thresholds (large_table_rows,
    large_table_bytes; 1M rows and 1 GB unless set)."""
    chosen: dict[str, str] = {}
    limits = {"large_table_rows": LARGE_ROWS, "large_table_bytes": LARGE_BYTES}
    for rule, level in config.items():
        if rule in limits:
            if not isinstance(level, int) or isinstance(level, bool) or level < 1:
                raise ConfigError(f"{source}: [tool.supatools.lint] {rule} must be a number")
            limits[rule] = level
            continue
        if rule not in RULES:
            raise ConfigError(f"{source}: [tool.supatools.lint] has no rule {rule!r}")
        if RULES[rule].always:
            raise ConfigError(
                f"{source}: [tool.supatools.lint] {rule} cannot be set: it is always "
                f"{RULES[rule].level}; remove the line"
            )
        chosen_level = normalise(level) if isinstance(level, str) else None
        if chosen_level is None and not (isinstance(level, str) and level.strip().lower() == "off"):
            raise ConfigError(
                f"{source}: [tool.supatools.lint] {rule} = {level!r}: use off, info, "
                "warn (or warning) or error"
            )
        chosen[rule] = chosen_level or "off"
    return chosen, (limits["large_table_rows"], limits["large_table_bytes"])
