"""Breakage: a file PostgreSQL's parser cannot read (issue 21)."""

from __future__ import annotations

from collections.abc import Iterator

from supatools.lint.model import FileContext, Hit
from supatools.lint.registry import rule


@rule(
    "syntax_error",
    "error",
    "a file PostgreSQL's parser cannot read cannot be applied, and what it does goes unchecked",
    "correct the SQL at that line and column (supatools migrate refuses the file until then)",
    stage="text",
    always=True,
)
def syntax_error(file: FileContext) -> Iterator[Hit]:
    """The statements the scanner can still separate are linted; this is the one place
    where the parser gave up (the first, as migrate reports it)."""
    if file.unreadable:
        line, column, message = file.unreadable
        yield Hit(f"column {column}: {message}", line=line, column=column)
