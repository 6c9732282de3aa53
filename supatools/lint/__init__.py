"""``supatools lint``: the team's migration practices, checked with PostgreSQL's parser.

Every rule reads the parse trees of the migration files (pglast: libpg_query, the
server's own grammar); no database is needed. Rules see the whole folder in version
order, so "a table created in an earlier file" and "RLS enabled in a later file" are
known. A finding names its file and line; ``-- supatools:ignore RULE reason`` on the
statement's line or the line before silences it there, and ``[tool.supatools.lint]``
sets a rule's level (``off`` turns it off).

The package: :mod:`registry` (the one registry, the ``@rule`` decorator), :mod:`engine`
(the one pass over the folder and the dispatch of nodes to rules), :mod:`rules` (one module per
family), :mod:`config` (``[tool.supatools.lint]``), :mod:`sizes` (live table sizes).
"""

from __future__ import annotations

from supatools.errors import ConfigError, MigrationFileError
from supatools.levels import LEVELS, Level
from supatools.lint.config import LARGE_BYTES, LARGE_ROWS, LARGE_TABLE, levels_from
from supatools.lint.engine import (
    _IGNORE,
    _check_file,
    _column,
    _ignored,
    _learn,
    _statement,
    lint,
)
from supatools.lint.model import FileContext, FolderState, Hit, LintRule, Statement, Visit
from supatools.lint.model import FolderState as _State
from supatools.lint.registry import RULES, LintFinding, _finding, learns, rule, tracks
from supatools.lint.rules.conventions import _type_name
from supatools.lint.rules.plpgsql import _COMMENTS, _CONCAT_EXECUTE, _executes_concatenation
from supatools.lint.rules.secrets import _JWT, _SECRET_PATTERNS, _SENSITIVE, _TEXT_TYPES
from supatools.lint.rules.secrets import hardcoded_secret as _hardcoded_secret
from supatools.lint.sizes import LARGE_TABLE_RULES, with_sizes
from supatools.locks import names as _names
from supatools.locks import qualified as _qualified
from supatools.locks import relations as _relations
from supatools.locks import volatile_default as _volatile_default
from supatools.migrations.files import MigrationFile
from supatools.migrations.statements import LineIndex, exact_statements

__all__ = [
    "LARGE_BYTES",
    "LARGE_ROWS",
    "LARGE_TABLE",
    "LARGE_TABLE_RULES",
    "LEVELS",
    "RULES",
    "ConfigError",
    "FileContext",
    "FolderState",
    "Hit",
    "Level",
    "LineIndex",
    "LintFinding",
    "LintRule",
    "MigrationFile",
    "MigrationFileError",
    "Statement",
    "Visit",
    "exact_statements",
    "learns",
    "levels_from",
    "lint",
    "rule",
    "tracks",
    "with_sizes",
    "_COMMENTS",
    "_CONCAT_EXECUTE",
    "_IGNORE",
    "_JWT",
    "_SECRET_PATTERNS",
    "_SENSITIVE",
    "_State",
    "_TEXT_TYPES",
    "_check_file",
    "_column",
    "_executes_concatenation",
    "_finding",
    "_hardcoded_secret",
    "_ignored",
    "_learn",
    "_names",
    "_qualified",
    "_relations",
    "_secrets",
    "_statement",
    "_type_name",
    "_volatile_default",
]


def _secrets(migration: MigrationFile) -> list[LintFinding]:
    """The ``hardcoded_secret`` findings of one file."""
    file = FileContext(migration, FolderState(), ("public",))
    return [
        _finding("hardcoded_secret", migration, hit.line, hit.message)
        for hit in _hardcoded_secret(file)
    ]
