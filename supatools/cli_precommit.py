"""The pre-commit hook ``supatools-names`` (``.pre-commit-hooks.yaml``): a fast check of the
migration folders the committed files are in, before anything reaches a database.

It fails (exit 2, one ``error:`` line per problem) on what ``migrate`` would stop at or
what the Supabase CLI would silently skip: a ``.sql`` file not named
``<version>_<name>.sql`` (``migrate`` only warns, since the CLI skips it too, but in a
commit it is almost always a mistake), a duplicate version, a rollback file without its
migration, a file that is not UTF-8. It reads the files and parses no SQL: milliseconds,
so it can run on every commit (``supatools-lint`` is the SQL check).

Run as ``python -m supatools.cli_precommit FILE...``; the hook passes the changed files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from supatools.errors import SupatoolsError
from supatools.migrations.files import discover


def problems_in(paths: list[Path]) -> list[str]:
    """Every problem of the folders holding ``paths``, each a message saying what to do."""
    found: list[str] = []
    folders = sorted({path.parent for path in paths})
    for folder in folders:
        skipped: list[str] = []
        try:
            discover(folder, on_skip=skipped.append)
        except SupatoolsError as exc:
            found.append(str(exc))
        found += [f"{message}; rename it, or move it out of {folder}" for message in skipped]
    return found


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when every folder is clean, 2 (bad input, as ``migrate`` says) otherwise."""
    paths = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    found = problems_in(paths)
    for message in found:
        sys.stderr.write(f"error: {message}\n")
    return 2 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
