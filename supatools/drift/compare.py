"""Two snapshots compared object by object: what the live database has that the
migrations do not (``added``), what they have that it lacks (``missing``), and what
differs (``changed``), with the level each drift is reported at."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from supatools.drift.snapshot import Item, Key, Snapshot
from supatools.levels import Level, rank

#: the roles the Data API serves: a grant to them is a way in
API_ROLES = frozenset({"anon", "authenticated", "PUBLIC"})


@dataclass(frozen=True)
class Drift:
    """One object that is not as the migrations left it."""

    change: str  # added | missing | changed
    kind: str  # table, column, policy, grant, ...
    path: tuple[str, ...]
    level: Level
    #: what differs, ``attribute: expected -> live`` (changed only)
    details: tuple[str, ...] = ()
    #: why the level is error, when it is
    why: str = ""

    @property
    def key(self) -> Key:
        return (self.kind, self.path)

    @property
    def name(self) -> str:
        return ".".join(self.path)


def compare(expected: Snapshot, live: Snapshot) -> list[Drift]:
    """Every drift of ``live`` from ``expected``, errors first. An object added or missing
    with its parent (a new table's columns, a dropped function's grants) is part of the
    parent's drift, not one of its own."""
    drifts: list[Drift] = []
    lone = {k for k in expected.items.keys() ^ live.items.keys()}
    for key in sorted(expected.items.keys() | live.items.keys()):
        before, after = expected.items.get(key), live.items.get(key)
        if key in lone and _ancestor_in(before or after, lone, expected, live):
            continue
        if before is None and after is not None:
            drifts.append(_drift("added", after, None))
        elif after is None and before is not None:
            drifts.append(_drift("missing", before, None))
        elif before is not None and after is not None:
            details = _differences(key[0], before.attrs, after.attrs)
            if details:
                drifts.append(_drift("changed", after, before, details))
    drifts.sort(key=lambda d: (rank(d.level), d.kind, d.path))
    return drifts


def _ancestor_in(item: Item | None, lone: set[Key], *snapshots: Snapshot) -> bool:
    seen = 0
    while item is not None and item.parent is not None and seen < 8:
        if item.parent in lone:
            return True
        item = next((s.items[item.parent] for s in snapshots if item.parent in s.items), None)
        seen += 1
    return False


def _differences(kind: str, before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    details = []
    for attr in sorted(before.keys() | after.keys()):
        old, new = before.get(attr), after.get(attr)
        if kind == "policy" and attr in ("using", "with_check"):
            same = _expression(old) == _expression(new)
        else:
            same = old == new
        if not same:
            details.append(f"{attr}: {_shown(old)} -> {_shown(new)}")
    return tuple(details)


def _shown(value: Any) -> str:
    return "none" if value is None else json.dumps(value) if not isinstance(value, str) else value


@lru_cache(maxsize=1024)
def _tree(text: str) -> str:
    from pglast import parser

    try:
        document = json.loads(parser.parse_sql_json(f"SELECT {text}"))
    except Exception:  # noqa: BLE001 - what does not parse is compared as text
        return text
    return json.dumps(_without_locations(document), sort_keys=True)


def _expression(text: Any) -> str | None:
    """A policy expression as its parse tree without positions: the same condition written
    with other spacing, casing or parentheses is the same expression."""
    return None if text is None else _tree(str(text))


def _without_locations(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_locations(v) for k, v in node.items() if k != "location"}
    if isinstance(node, list):
        return [_without_locations(v) for v in node]
    return node


def _drift(change: str, item: Item, before: Item | None, details: tuple[str, ...] = ()) -> Drift:
    why = _security(change, item, before)
    level: Level = "error" if why else "warn"
    return Drift(change, item.key[0], item.key[1], level, details, why)


def _privileges(item: Item | None) -> set[str]:
    text = "" if item is None else str(item.attrs.get("privileges") or "")
    return {p for p in text.split(", ") if p}


def _gains(before: Item | None, after: Item) -> bool:
    """Whether ``after`` (live) holds a privilege ``before`` (expected) did not: a grant
    taken away is drift, but no way in."""
    return bool(_privileges(after) - _privileges(before))


def _security(change: str, item: Item, before: Item | None) -> str:
    """Why this drift opens or may open a way in, or ``""``."""
    kind, path = item.key
    if kind == "table" and before is not None:
        if before.attrs.get("rls") and not item.attrs.get("rls"):
            return "row level security was turned off"
        if before.attrs.get("forced") and not item.attrs.get("forced"):
            return "row level security is no longer forced"
    if kind == "policy":
        return f"a policy was {change} outside migrations"
    if kind == "grant" and change != "missing" and path[-1] in API_ROLES and _gains(before, item):
        return f"a grant to {path[-1]} outside migrations"
    if kind == "function" and item.attrs.get("security_definer") and change != "missing":
        return f"a SECURITY DEFINER function was {change} outside migrations"
    return ""
