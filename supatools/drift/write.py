"""``drift --write NAME``: a migration that keeps the live state of what drifted.

Each drift becomes the statements that make a database built from the migrations look
like the live one, written so that running them on the live database too changes
nothing (IF NOT EXISTS, OR REPLACE, DROP ... IF EXISTS then CREATE). What cannot be
written safely is listed, in the file and in the output.
"""

from __future__ import annotations

import re
from pathlib import Path

from supatools.drift.compare import Drift
from supatools.drift.snapshot import Item, Snapshot
from supatools.errors import UsageError

#: the order statements are written in: what others need first
_ORDER = (
    "schema",
    "extension",
    "table",
    "column",
    "constraint",
    "index",
    "function",
    "view",
    "trigger",
    "policy",
    "grant",
    "publication",
)
_COMMANDS = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}


def write_migration(
    folder: Path, name: str, drifts: tuple[Drift, ...], live: Snapshot, expected: Snapshot
) -> tuple[Path, list[str]]:
    """Write ``<folder>/<version>_<name>.sql`` (a new file, never over one); returns its
    path and what it could not write."""
    from supatools.migrations import files, new

    slug = new.normalise(name)
    if not slug:
        raise UsageError(f"--write {name!r} has no letters or digits; name what it keeps")
    local = files.discover(folder) if folder.is_dir() else []
    version = new.next_version([m.version for m in local])
    statements, unwritten = migration_sql(drifts, live, expected)
    lines = [f"-- {slug}: the live state of {len(drifts)} drifted object(s) (supatools drift)"]
    # a name holding a line break must not end the comment (and write SQL of its own)
    lines += [f"-- not written: {_one_line(reason)}" for reason in unwritten]
    text = "\n".join(lines) + "\n\n" + "".join(s.rstrip().rstrip(";") + ";\n" for s in statements)
    path = folder / f"{version}_{slug}.sql"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {path} ({exc.strerror})") from None
    new.write_new(path, text, "drift --write")
    return path, unwritten


def migration_sql(
    drifts: tuple[Drift, ...], live: Snapshot, expected: Snapshot
) -> tuple[list[str], list[str]]:
    """The statements that keep ``live``'s state of ``drifts``, and what they leave out."""
    out: list[str] = []
    unwritten: list[str] = []
    ordered = sorted(drifts, key=lambda d: (_ORDER.index(d.kind), d.change != "missing", d.path))
    for drift in ordered:
        if drift.change == "added":
            item = live.items[drift.key]
            out += _create(item, live, unwritten)
            for child in live.children(drift.key):
                if not (child.key[0] == "column" and item.key[0] == "table"):
                    out += _create(child, live, unwritten)
        elif drift.change == "missing":
            out += _drop(expected.items[drift.key], unwritten)
        else:
            out += _change(expected.items[drift.key], live.items[drift.key], live, unwritten)
    return out, unwritten


def _one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _create(item: Item, live: Snapshot, unwritten: list[str]) -> list[str]:
    kind, path = item.key
    a = item.attrs
    if kind == "schema":
        return [f"CREATE SCHEMA IF NOT EXISTS {_q(path[0])}", *_comment("SCHEMA", path, a)]
    if kind == "extension":
        return [f"CREATE EXTENSION IF NOT EXISTS {_q(path[0])} SCHEMA {_q(a['schema'])}"]
    if kind == "table":
        columns = [c for c in live.children(item.key) if c.key[0] == "column"]
        body = ",\n".join("    " + _column(c) for c in columns)
        made = [f"CREATE TABLE IF NOT EXISTS {_name(path)} (\n{body}\n)"]
        made += [f"ALTER TABLE {_name(path)} ENABLE ROW LEVEL SECURITY"] if a.get("rls") else []
        made += [f"ALTER TABLE {_name(path)} FORCE ROW LEVEL SECURITY"] if a.get("forced") else []
        made += _comment("TABLE", path, a)
        return made + [s for c in columns for s in _comment("COLUMN", c.key[1], c.attrs)]
    if kind == "column":
        made = [f"ALTER TABLE {_name(path[:2])} ADD COLUMN IF NOT EXISTS {_column(item)}"]
        return made + _comment("COLUMN", path, a)
    if kind == "constraint":
        # as a block that skips a constraint already there: the file runs on the live
        # database too, where it exists (ADD CONSTRAINT has no IF NOT EXISTS)
        return [
            "DO $drift$ BEGIN\n"
            f"  ALTER TABLE {_name(path[:2])} ADD CONSTRAINT {_q(path[2])} {a['definition']};\n"
            "EXCEPTION WHEN duplicate_object OR duplicate_table OR invalid_table_definition "
            "THEN NULL;\nEND $drift$"
        ]
    if kind == "index":
        return [
            re.sub(r"^CREATE (UNIQUE )?INDEX ", r"CREATE \1INDEX IF NOT EXISTS ", a["definition"])
        ]
    if kind == "function":
        return [str(item.kept["ddl"]), *_comment("FUNCTION", path, a)]
    if kind == "view":
        if a.get("materialized"):
            unwritten.append(f"materialized view {'.'.join(path)}: write it by hand")
            return []
        return [f"CREATE OR REPLACE VIEW {_name(path)} AS\n{a['definition']}"]
    if kind == "trigger":
        made = [re.sub(r"^CREATE TRIGGER ", "CREATE OR REPLACE TRIGGER ", a["definition"])]
        if a.get("enabled") == "D":
            made.append(f"ALTER TABLE {_name(path[:2])} DISABLE TRIGGER {_q(path[2])}")
        return made
    if kind == "policy":
        return [*_drop(item, unwritten), _policy(item)]
    if kind == "grant":
        return _grant(item)
    if kind == "publication":
        return [f"ALTER PUBLICATION {_q(path[0])} ADD TABLE {_name(path[1:])}"]
    unwritten.append(f"{kind} {'.'.join(path)}")
    return []


def _drop(item: Item, unwritten: list[str]) -> list[str]:
    kind, path = item.key
    simple = {
        "table": f"DROP TABLE IF EXISTS {_name(path)}",
        "view": f"DROP {'MATERIALIZED ' if item.attrs.get('materialized') else ''}VIEW "
        f"IF EXISTS {_name(path)}",
        "index": f"DROP INDEX IF EXISTS {_name(path)}",
        "extension": f"DROP EXTENSION IF EXISTS {_q(path[0])}",
        "column": f"ALTER TABLE {_name(path[:2])} DROP COLUMN IF EXISTS {_q(path[-1])}",
        "constraint": f"ALTER TABLE {_name(path[:2])} DROP CONSTRAINT IF EXISTS {_q(path[-1])}",
        "policy": f"DROP POLICY IF EXISTS {_q(path[-1])} ON {_name(path[:2])}",
        "trigger": f"DROP TRIGGER IF EXISTS {_q(path[-1])} ON {_name(path[:2])}",
    }
    if kind in simple:
        return [simple[kind]]
    if kind == "function":
        return [f"DROP FUNCTION IF EXISTS {_function(path)}"]
    if kind == "grant":
        return [f"REVOKE ALL{_grant_target(path)} FROM {_role(path[-1])}"]
    if kind == "publication":
        return [f"ALTER PUBLICATION {_q(path[0])} DROP TABLE {_name(path[1:])}"]
    unwritten.append(f"{kind} {'.'.join(path)} is gone from the live database: drop it by hand")
    return []


def _change(before: Item, after: Item, live: Snapshot, unwritten: list[str]) -> list[str]:
    kind, path = after.key
    old, new = before.attrs, after.attrs
    if kind == "function" and old.get("returns") != new.get("returns"):
        return _recreate_function(after, live, unwritten)
    if kind in ("constraint", "index", "policy", "trigger", "view", "function", "grant"):
        if kind in ("view", "function", "grant", "policy"):
            return _create(after, live, unwritten)
        return [*_drop(before, unwritten), *_create(after, live, unwritten)]
    made: list[str] = []
    if kind == "table":
        table = _name(path)
        if old.get("rls") != new.get("rls"):
            made.append(
                f"ALTER TABLE {table} {'EN' if new.get('rls') else 'DIS'}ABLE ROW LEVEL SECURITY"
            )
        if old.get("forced") != new.get("forced"):
            made.append(
                f"ALTER TABLE {table} {'' if new.get('forced') else 'NO '}FORCE ROW LEVEL SECURITY"
            )
    elif kind == "column":
        prefix = f"ALTER TABLE {_name(path[:2])} ALTER COLUMN {_q(path[2])}"
        if old.get("type") != new.get("type"):
            made.append(f"{prefix} TYPE {new['type']} USING {_q(path[2])}::{new['type']}")
        if old.get("default") != new.get("default"):
            made.append(
                f"{prefix} SET DEFAULT {new['default']}"
                if new.get("default")
                else f"{prefix} DROP DEFAULT"
            )
        if old.get("not_null") != new.get("not_null"):
            made.append(f"{prefix} {'SET' if new.get('not_null') else 'DROP'} NOT NULL")
        for attr in ("identity", "generated"):
            if old.get(attr) != new.get(attr):
                unwritten.append(f"column {'.'.join(path)}: its {attr} changed; write it by hand")
    elif kind == "extension":
        made.append(f"ALTER EXTENSION {_q(path[0])} SET SCHEMA {_q(new['schema'])}")
    if old.get("comment") != new.get("comment"):
        made += _comment(kind.upper(), path, new, always=True)
    return made


def _column(item: Item) -> str:
    a = item.attrs
    text = f"{_q(item.key[1][-1])} {a['type']}"
    if a.get("generated") == "s":
        return text + f" GENERATED ALWAYS AS ({a['default']}) STORED"
    if a.get("default") is not None:
        text += f" DEFAULT {a['default']}"
    if a.get("identity") in ("a", "d"):
        text += f" GENERATED {'ALWAYS' if a['identity'] == 'a' else 'BY DEFAULT'} AS IDENTITY"
    return text + (" NOT NULL" if a.get("not_null") else "")


def _policy(item: Item) -> str:
    a, path = item.attrs, item.key[1]
    roles = ", ".join(_role(r) for r in a.get("roles") or ["PUBLIC"])
    text = (
        f"CREATE POLICY {_q(path[2])} ON {_name(path[:2])} AS "
        f"{'PERMISSIVE' if a.get('permissive') else 'RESTRICTIVE'} "
        f"FOR {_COMMANDS.get(str(a.get('command')), 'ALL')} TO {roles}"
    )
    if a.get("using") is not None:
        text += f"\n  USING ({a['using']})"
    if a.get("with_check") is not None:
        text += f"\n  WITH CHECK ({a['with_check']})"
    return text


def _recreate_function(item: Item, live: Snapshot, unwritten: list[str]) -> list[str]:
    """A function whose result type changed: CREATE OR REPLACE cannot change it, so it is
    dropped and made again, and its live grants given back (a new function is executable
    by PUBLIC until revoked). A DROP that something depends on fails, naming what."""
    target = _function(item.key[1])
    grants = [g for g in live.children(item.key) if g.key[0] == "grant"]
    return [
        f"DROP FUNCTION IF EXISTS {target}",
        *_create(item, live, unwritten),
        f"REVOKE ALL ON FUNCTION {target} FROM PUBLIC",
        *[statement for grant in grants for statement in _grant(grant)],
    ]


def _grant(item: Item) -> list[str]:
    path = item.key[1]
    target, role = _grant_target(path), _role(path[-1])
    made = [f"REVOKE ALL{target} FROM {role}"]
    plain, grantable = [], []
    for privilege in str(item.attrs.get("privileges") or "").split(", "):
        if privilege.endswith(" WITH GRANT OPTION"):
            grantable.append(privilege.removesuffix(" WITH GRANT OPTION"))
        elif privilege:
            plain.append(privilege)
    column = f" ({_q(path[3])})" if path[0] == "column" else ""
    on = target.split(" ON ", 1)[1] if column else target.removeprefix(" ")
    for privileges, option in ((plain, ""), (grantable, " WITH GRANT OPTION")):
        if privileges:
            on_text = f"ON {on}" if column else on
            made.append(f"GRANT {', '.join(privileges)}{column} {on_text} TO {role}{option}")
    return made


def _grant_target(path: tuple[str, ...]) -> str:
    """`` ON TABLE x`` (or `` (col) ON TABLE x`` for a column) for a grant's path."""
    kind = path[0]
    if kind == "schema":
        return f" ON SCHEMA {_q(path[1])}"
    if kind in ("function", "procedure"):
        return f" ON {kind.upper()} {_function(path[1:3])}"
    if kind == "column":
        return f" ({_q(path[3])}) ON TABLE {_name(path[1:3])}"
    return f" ON {kind.upper()} {_name(path[1:3])}"


def _comment(
    what: str, path: tuple[str, ...], attrs: dict[str, object], always: bool = False
) -> list[str]:
    text = attrs.get("comment")
    if text is None and not always:
        return []
    target = _function(path) if what == "FUNCTION" else _name(path)
    value = "NULL" if text is None else "'" + str(text).replace("'", "''") + "'"
    return [f"COMMENT ON {what} {target} IS {value}"]


def _function(path: tuple[str, ...]) -> str:
    name, _, arguments = path[1].partition("(")
    return f"{_q(path[0])}.{_q(name)}({arguments}"


def _role(name: str) -> str:
    return "PUBLIC" if name == "PUBLIC" else _q(name)


def _name(path: tuple[str, ...]) -> str:
    return ".".join(_q(p) for p in path)


def _q(name: str) -> str:
    from pglast import keywords

    reserved = (
        keywords.RESERVED_KEYWORDS | keywords.COL_NAME_KEYWORDS | keywords.TYPE_FUNC_NAME_KEYWORDS
    )
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) and name not in reserved:
        return name
    return '"' + name.replace('"', '""') + '"'
