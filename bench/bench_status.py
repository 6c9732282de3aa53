"""``migrate --status`` over N applied files (default 10,000): supatools vs dbmate vs psql.

Baselines measured in the same run, rounds alternating the tools:
- ``dbmate status`` over the same files in dbmate's format, with the same versions in its
  own history table (the issue's target: supatools <= 3x dbmate, as a per-round ratio);
- one ``psql`` process reading the history rows (the least any tool must do).

supatools is timed twice: with its checksum cache under ``.supatools/`` warm (a user's
second ``--status``) and cold (the cache removed before each round).

    python bench/bench_status.py [--count 10000] [--rounds 5] [--wheel]

``SUPATOOLS_BENCH_DSN`` picks the server (else an embedded one is started).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    add_wheel_option,
    conditions,
    dbmate_path,
    fresh_database,
    median,
    psql_path,
    run,
    server_url,
    supatools_program,
    timed,
)

from supatools.migrations.files import checksum  # noqa: E402

BODY = "-- Bench migration {n}.\ncreate table if not exists public.t_{n} (id int primary key);\n"


def write_files(root: Path, count: int) -> list[tuple[str, str, str, str]]:
    """supatools' folder (``root/migrations``) and dbmate's (``root/dbmate``); the rows."""
    directory, dbmate_dir = root / "migrations", root / "dbmate"
    directory.mkdir()
    dbmate_dir.mkdir()
    rows = []
    for n in range(count):
        version = f"20250101{n:06d}"
        text = BODY.format(n=n)
        (directory / f"{version}_t_{n}.sql").write_text(text)
        (dbmate_dir / f"{version}_t_{n}.sql").write_text(
            "-- migrate:up\n" + text + "\n-- migrate:down\n"
        )
        rows.append((version, f"t_{n}", text.strip(), checksum(text)))
    return rows


def fill_history(url: str, rows: list[tuple[str, str, str, str]]) -> None:
    """History as supatools writes it, and dbmate's table with the same versions (the
    statements are not applied: status only reads history)."""
    from supatools.migrations import history

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS supabase_migrations")
        history.ensure_tables(conn)
        conn.execute("CREATE TABLE public.schema_migrations (version varchar(128) PRIMARY KEY)")
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO supabase_migrations.schema_migrations VALUES (%s, %s, %s)",
                [(v, [s], n) for v, n, s, _ in rows],
            )
            cur.executemany(
                "INSERT INTO supabase_migrations.supatools_history (version, checksum, "
                "applied_by, duration_ms, supatools_version) VALUES (%s, %s, 'bench', 1, '0')",
                [(v, c) for v, _, _, c in rows],
            )
            cur.executemany(
                "INSERT INTO public.schema_migrations VALUES (%s)", [(v,) for v, *_ in rows]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    add_wheel_option(parser)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, server_url() as admin, fresh_database(admin) as url:
        root = Path(tmp)
        fill_history(url, write_files(root, options.count))
        cache = root / ".supatools"
        query = "SELECT version, name FROM supabase_migrations.schema_migrations ORDER BY 1"
        program, installed = supatools_program(options.wheel, Path(tmp) / "install")
        status = [*program, "migrate", "--status", "--db-url", url, "--migrations-dir"]
        status.append(str(root / "migrations"))

        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            run(status, cwd=tmp)

        psql = [psql_path(), "-X", "-q", "-d", url, "-c", query]
        tools: dict[str, Callable[[], None]] = {
            "psql reading the history": lambda: run(psql),
            "supatools --status (warm)": lambda: run(status, cwd=tmp),
            "supatools --status (cold)": cold,
        }  # fmt: skip
        dbmate = dbmate_path()
        if dbmate:
            tools["dbmate status"] = lambda: run(
                [dbmate, "--no-dump-schema", "--migrations-dir", str(root / "dbmate"),
                 "--url", url + ("&" if "?" in url else "?") + "sslmode=disable", "status"],
                cwd=tmp,
            )  # fmt: skip
        run(status, cwd=tmp)  # writes the cache (and the bytecode) once before the rounds
        times: dict[str, list[float]] = {name: [] for name in tools}
        load_before = os.getloadavg()[0]
        for _ in range(options.rounds):
            for name, action in tools.items():
                times[name].append(timed(action))
        said = conditions(url, load_before)
        print(
            f"migrate --status, {options.count} applied files ({options.rounds} alternating "
            f"rounds, median wall time; supatools as {installed})"
        )
        print(said)
        for name, spent in times.items():
            print(
                f"  {name:<26}: {median(spent):.3f} s  (rounds {min(spent):.3f}-{max(spent):.3f})"
            )
        base = "dbmate status" if dbmate else "psql reading the history"
        for name in ("supatools --status (warm)", "supatools --status (cold)"):
            rounds = [t / b for t, b in zip(times[name], times[base], strict=True)]
            print(
                f"  {name} / {base} = {median(times[name]) / median(times[base]):.2f};"
                f" per round {' '.join(f'{r:.2f}' for r in rounds)}, median {median(rounds):.2f}"
            )
        if not dbmate:
            print("  dbmate: skipped (not on PATH and npm is not available)")
        print("  target: supatools --status (warm) / dbmate status <= 3")


if __name__ == "__main__":
    main()
