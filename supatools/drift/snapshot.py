"""The catalog as drift compares it: every object of the project's schemas, keyed by its
kind and its names, taken in one round trip (:func:`take`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from supatools.db import Conn

#: an object's identity: its kind and its names (``("column", ("public", "notes", "body"))``)
Key = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Item:
    """One catalog object: what is compared, and what only the writer needs (its DDL,
    its parent object)."""

    key: Key
    attrs: dict[str, Any]
    kept: dict[str, Any] = field(default_factory=dict)

    @property
    def parent(self) -> Key | None:
        parent = self.kept.get("parent")
        if not parent:
            return None
        return (str(parent[0]), tuple(str(p) for p in parent[1]))


@dataclass(frozen=True)
class Snapshot:
    """Every object of the project's schemas, by key."""

    items: dict[Key, Item]
    #: the rows of the caller's own queries that travelled with the snapshot's
    also: tuple[list[tuple[Any, ...]], ...] = ()

    def children(self, key: Key) -> list[Item]:
        """The objects whose parent is ``key`` (a table's columns, policies, grants, ...),
        their children's after them."""
        found = sorted(
            self._by_parent.get(key, ()), key=lambda i: (i.kept.get("position", 0), i.key)
        )
        nested = [c for i in found for c in self.children(i.key)]
        return found + nested

    @cached_property
    def _by_parent(self) -> dict[Key, list[Item]]:
        by_parent: dict[Key, list[Item]] = {}
        for item in self.items.values():
            if item.parent is not None:
                by_parent.setdefault(item.parent, []).append(item)
        return by_parent


def take(conn: Conn, also: Sequence[str] = ()) -> Snapshot:
    """The snapshot of ``conn``'s database: every query in one message (``db.batch``),
    with the caller's queries ``also`` (their rows in :attr:`Snapshot.also`)."""
    from supatools.db import batch
    from supatools.drift.snapshot_sql import MANAGED, QUERIES

    params = {"managed": list(MANAGED)}
    results = batch(conn, [*((q, params) for q in QUERIES), *also])
    items: dict[Key, Item] = {}
    for rows in results[: len(QUERIES)]:
        for kind, path, attrs, kept in rows:
            key: Key = (str(kind), tuple(str(p) for p in _json(path)))
            items[key] = Item(key, dict(_json(attrs) or {}), dict(_json(kept) or {}))
    return Snapshot(items, tuple(results[len(QUERIES) :]))


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
