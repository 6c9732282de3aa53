"""Live table sizes (``lint --db-url``): the large-table rules raised to error."""

from __future__ import annotations

from supatools.lint import rules as _rules  # noqa: F401  (registers every rule)
from supatools.lint.config import LARGE_BYTES, LARGE_ROWS
from supatools.lint.registry import RULES, LintFinding

#: the rules about work on existing tables: raised to error on a large one (--db-url)
LARGE_TABLE_RULES = frozenset(name for name, r in RULES.items() if r.large_table)


def with_sizes(
    findings: list[LintFinding],
    sizes: dict[str, tuple[float, int]],
    rows_limit: int = LARGE_ROWS,
    bytes_limit: int = LARGE_BYTES,
) -> list[LintFinding]:
    """The findings with the live size of their table, raised to error on large tables."""
    from supatools.locks import human_bytes, human_rows

    raised: list[LintFinding] = []
    for f in findings:
        size = sizes.get(f.table) if f.rule in LARGE_TABLE_RULES else None
        if size is None:
            raised.append(f)
            continue
        rows, total = size
        large = rows >= rows_limit or total >= bytes_limit
        raised.append(
            LintFinding(
                f.rule,
                "error" if large else f.level,
                f.path,
                f.line,
                f"{f.message} ({human_rows(rows)}, {human_bytes(total)}"
                + (": a large table" if large else "")
                + ")",
                f.table,
                f.column,
            )
        )
    return raised
