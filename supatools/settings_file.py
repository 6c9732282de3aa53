"""The settings files: ``[tool.supatools]`` of pyproject.toml (or supatools.toml) and the
Supabase CLI's ``supabase/config.toml``, read once and checked key by key.

Every key has the type it needs: a path is a string, a timeout a string or a number, a
flag a boolean. Anything else is bad input (exit 2) naming the file, the key and the type
wanted, never a value stringified into a path. Seed paths stay inside the project.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from supatools.errors import ConfigError

#: settings that may appear in ``[tool.supatools]`` / ``supatools.toml``
FILE_KEYS = frozenset(
    {
        "db_url",
        "supabase_url",
        "migrations_dir",
        "policies_dir",
        "schemas",
        "lock_timeout",
        "statement_timeout",
        "lock_wait_timeout",
        "connect_timeout",
        "backup_dir",
    }
)

#: what each settings-file key holds: its check and the words that say what it wants
_PATH = 'a path as a string (migrations_dir = "supabase/migrations")'
_DURATION = 'a duration as a string or a number of seconds (lock_timeout = "5s")'
_SCHEMAS = 'a list of schema names or a comma-separated string (schemas = ["public"])'


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_FILE_TYPES: dict[str, tuple[Any, str]] = {
    "db_url": (_is_text, "a database URL as a string"),
    "supabase_url": (_is_text, "a URL as a string"),
    "migrations_dir": (_is_text, _PATH),
    "policies_dir": (_is_text, _PATH),
    "backup_dir": (_is_text, _PATH),
    "schemas": (
        lambda v: _is_text(v) or (isinstance(v, list) and all(_is_text(x) for x in v)),
        _SCHEMAS,
    ),
    "lock_timeout": (lambda v: _is_text(v) or _is_number(v), _DURATION),
    "statement_timeout": (lambda v: _is_text(v) or _is_number(v), _DURATION),
    "lock_wait_timeout": (lambda v: _is_text(v) or _is_number(v), _DURATION),
    "connect_timeout": (lambda v: _is_text(v) or _is_number(v), "a number of seconds"),
    "local_grants": (_is_text, 'a string, "explicit", "legacy" or "auto"'),
    "local_port": (
        lambda v: (isinstance(v, int) and not isinstance(v, bool)) or _is_text(v),
        "a port number (port = 54329)",
    ),
}

#: the TOML type names people know, for the message
_TOML_TYPE = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
    dict: "a table",
}


def describe(value: object) -> str:
    """``value`` as TOML calls it, with the value itself when short: ``an array ['a', 'b']``."""
    kind = next((name for t, name in _TOML_TYPE.items() if type(value) is t), "a value")
    shown = repr(value)
    return f"{kind} {shown}" if len(shown) <= 40 else kind


def _check_types(data: dict[str, Any], path: Path, table: str) -> None:
    """Every key of the settings table has the type it needs, else exit 2 naming it."""
    for key, value in data.items():
        check, wanted = _FILE_TYPES.get(key, (None, ""))
        if check is not None and not check(value):
            shown = f"[{table}.local] {key[6:]}" if key.startswith("local_") else f"{key}"
            where = f"[{table}] {shown}" if not shown.startswith("[") else shown
            raise ConfigError(f"{path}: {where} is {describe(value)}; write {wanted}")


#: every TOML spelling that can define tool.supatools: a [tool.supatools…] header or dotted
#: key, a [tool] table, or an inline ``tool = {…}``; anything else cannot hold our table
_MAY_HOLD_TOOL_TABLE = re.compile(
    r"""tool\s*\.\s*["']?supatools|^\s*\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*=""",
    re.MULTILINE,
)


def _toml(path: Path, text: str) -> dict[str, Any]:
    """``text`` of ``path`` parsed as TOML (the parser is imported only when needed)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        parsed: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: cannot read it as TOML ({exc}); fix the file") from None
    return parsed


def _read_file_config(cwd: Path) -> tuple[dict[str, Any], Path | None]:
    """``[tool.supatools]`` from pyproject.toml, else the whole of supatools.toml."""
    for name, table in (("pyproject.toml", ("tool", "supatools")), ("supatools.toml", ())):
        path = cwd / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError) as exc:
            raise ConfigError(f"{path}: cannot read it ({exc}); fix the file") from None
        if table and not _MAY_HOLD_TOOL_TABLE.search(text):
            continue  # no [tool.supatools] in any TOML spelling: skip the parser (start-up)
        data: Any = _toml(path, text)
        for key in table:
            data = data.get(key, {}) if isinstance(data, dict) else {}
        if not data:
            continue
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.supatools] must be a table")
        data = dict(data)
        lint_levels = data.pop("lint", {})
        if not isinstance(lint_levels, dict):
            raise ConfigError(f'{path}: [tool.supatools.lint] holds rule = "off" | "info" | ...')
        if lint_levels:
            data["lint_levels"] = lint_levels
        local = data.pop("local", {})
        if not isinstance(local, dict) or set(local) - {"grants", "port"}:
            raise ConfigError(
                f'{path}: [tool.supatools.local] knows grants = "explicit" | "legacy" | "auto" '
                "and port = <number>"
            )
        for key in ("grants", "port"):
            if key in local:
                data[f"local_{key}"] = local[key]
        unknown = sorted(set(data) - FILE_KEYS - {"local_grants", "local_port", "lint_levels"})
        if unknown:
            raise ConfigError(
                f"{path}: unknown key {unknown[0]!r} in supatools settings; "
                f"known keys: {', '.join(sorted(FILE_KEYS))}"
            )
        _check_types(data, path, "tool.supatools" if table else "supatools.toml")
        return dict(data), path
    return {}, None


#: supabase/config.toml as a table, and its path
SupabaseConfig = tuple[dict[str, Any], Path]


def _supabase_config(cwd: Path) -> SupabaseConfig:
    """The Supabase CLI's ``supabase/config.toml`` as a table ({} without one); ``resolve``
    reads it once and hands it to each reader."""
    path = cwd / "supabase" / "config.toml"
    if not path.is_file():
        return {}, path
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"{path}: cannot read it as TOML ({exc}); fix the file") from None
    return _toml(path, text), path


def read_seed_files(
    cwd: Path, loaded: SupabaseConfig | None = None, notes: list[str] | None = None
) -> tuple[Path, ...]:
    """The seed files as the Supabase CLI finds them: ``[db.seed] sql_paths`` of
    supabase/config.toml (relative to supabase/, globs allowed, in the order listed, each
    glob's matches sorted), else ``supabase/seed.sql``; none when ``enabled = false``.

    A path outside the project (absolute, or ``../..`` above it, or a link out of it) is
    exit 2; a listed pattern that matches nothing adds a line to ``notes``, as the
    Supabase CLI warns.
    """
    config, path = loaded or _supabase_config(cwd)
    db_table = config.get("db")
    seed = db_table.get("seed") if isinstance(db_table, dict) else None
    if seed is not None and not isinstance(seed, dict):
        raise ConfigError(f"{path}: [db] seed is {describe(seed)}; write a [db.seed] table")
    seed = seed or {}
    enabled = seed.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(
            f"{path}: [db.seed] enabled is {describe(enabled)}; write true or false "
            "(a boolean, without quotes)"
        )
    if not enabled:
        return ()
    listed = "sql_paths" in seed
    patterns = seed.get("sql_paths", ["./seed.sql"])
    if not isinstance(patterns, list) or not all(_is_text(x) for x in patterns):
        raise ConfigError(
            f"{path}: [db.seed] sql_paths is {describe(patterns)}; write an array of file "
            'paths or globs relative to supabase/ (sql_paths = ["./seed.sql"])'
        )
    root, real_root = Path(os.path.abspath(cwd)), cwd.resolve()
    base = cwd / "supabase"
    found: list[Path] = []
    for pattern in patterns:
        _inside_project(pattern, Path(os.path.abspath(base / pattern)), root, path)
        matches = (
            sorted(base.glob(pattern)) if any(c in pattern for c in "*?[") else [base / pattern]
        )
        matched = False
        for match in matches:
            resolved = match.resolve()
            _inside_project(pattern, resolved, real_root, path)  # a link out of it
            if match.is_file():
                matched = True
                if resolved not in found:
                    found.append(resolved)
        if listed and not matched and notes is not None:
            notes.append(f"{path}: [db.seed] sql_paths: no files matched pattern {pattern!r}")
    return tuple(found)


def _inside_project(pattern: str, where: Path, root: Path, config_path: Path) -> None:
    """Refuse a seed path that leaves the project: a seed runs with the owner's rights."""
    if Path(pattern).is_absolute() or not Path(os.path.normpath(where)).is_relative_to(root):
        raise ConfigError(
            f"{config_path}: [db.seed] sql_paths entry {pattern!r} points outside the project"
            f" ({root}); list seed files inside it, relative to supabase/"
        )


def read_project_database(
    cwd: Path, loaded: SupabaseConfig | None = None
) -> tuple[int | None, tuple[str, ...]]:
    """``[db] major_version`` and ``[api] extra_search_path`` of supabase/config.toml."""
    config, path = loaded or _supabase_config(cwd)
    db_table = config.get("db")
    major = db_table.get("major_version") if isinstance(db_table, dict) else None
    if major is not None and (not isinstance(major, int) or isinstance(major, bool)):
        raise ConfigError(f"{path}: [db] major_version must be a number such as 15 or 17")
    api = config.get("api")
    extra = api.get("extra_search_path") if isinstance(api, dict) else None
    if extra is None:
        return major, ("public", "extensions")
    if not isinstance(extra, list) or not all(
        isinstance(x, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", x) for x in extra
    ):
        raise ConfigError(f"{path}: [api] extra_search_path must be a list of schema names")
    return major, tuple(extra)


def read_api_schemas(cwd: Path, loaded: SupabaseConfig | None = None) -> tuple[str, ...]:
    """``[api] schemas`` of the Supabase CLI's ``supabase/config.toml``; () without one."""
    config, path = loaded or _supabase_config(cwd)
    api = config.get("api")
    listed = api.get("schemas") if isinstance(api, dict) else None
    if listed is None:
        return ()
    if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
        raise ConfigError(f"{path}: [api] schemas must be a list of schema names")
    return tuple(listed)
