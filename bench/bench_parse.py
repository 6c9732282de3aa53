"""Parsing a large data migration is linear: time and peak memory at 5 MB and 50 MB of
INSERTs (with non-ASCII text), printed as the growth factor against a ×10 input.

Run: python bench/bench_parse.py   (a linear parser prints a time factor near 10)
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from supatools.migrations.files import MigrationFile
from supatools.migrations.statements import parse


def data_migration(rows: int) -> MigrationFile:
    text = "".join(f"insert into t (id, body) values ({i}, 'row {i} é');\n" for i in range(rows))
    return MigrationFile("1", "data", Path("1_data.sql"), text, "", False, (), None)


def measure(rows: int) -> tuple[float, float]:
    migration = data_migration(rows)
    started = time.perf_counter()
    parsed = parse(migration)
    elapsed = time.perf_counter() - started
    assert len(parsed.statements) == rows
    return elapsed, len(migration.text) / 1e6


def main() -> None:
    small_s, small_mb = measure(90_000)
    large_s, large_mb = measure(900_000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"parse {small_mb:.1f} MB: {small_s:.2f} s; {large_mb:.1f} MB: {large_s:.2f} s")
    print(f"growth for x10 input: {large_s / small_s:.1f}x time (linear: ~10x)")
    print(f"peak memory: {peak_mb:.0f} MB ({peak_mb / large_mb:.0f}x the large file)")


if __name__ == "__main__":
    main()
