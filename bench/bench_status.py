"""``migrate --status`` over 5,000 files and 5,000 history rows. Target: <= 1 s wall.

The baseline measured in the same run is the least any tool must do: one ``psql``
process reading the 5,000 history rows.

    python bench/bench_status.py [--count 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SUPATOOLS, fresh_database, median, psql_path, run, server_url, timed  # noqa: E402

from supatools.migrations.files import checksum  # noqa: E402

BODY = "-- Bench migration {n}.\ncreate table if not exists public.t_{n} (id int primary key);\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, server_url() as admin, fresh_database(admin) as url:
        directory = Path(tmp) / "migrations"
        directory.mkdir()
        rows = []
        for n in range(options.count):
            version = f"20250101{n:06d}"
            text = BODY.format(n=n)
            (directory / f"{version}_t_{n}.sql").write_text(text)
            rows.append((version, f"t_{n}", [text.strip()], checksum(text)))
        # history as supatools writes it (the statements are not applied: status reads history)
        run(
            [
                *SUPATOOLS,
                "migrate",
                "--dry-run",
                "--db-url",
                url,
                "--migrations-dir",
                str(directory),
            ]
        )
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE SCHEMA IF NOT EXISTS supabase_migrations")
            from supatools.migrations import history

            history.ensure_tables(conn)
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO supabase_migrations.schema_migrations VALUES (%s, %s, %s)",
                    [(v, s, n) for v, n, s, _ in rows],
                )
                cur.executemany(
                    "INSERT INTO supabase_migrations.supatools_history (version, checksum, "
                    "applied_by, duration_ms, supatools_version) VALUES (%s, %s, 'bench', 1, '0')",
                    [(v, c) for v, _, _, c in rows],
                )
        psql = psql_path()
        query = "SELECT version, name FROM supabase_migrations.schema_migrations ORDER BY 1"
        base = median(
            [
                timed(lambda: run([psql, "-X", "-q", "-d", url, "-c", query]))
                for _ in range(options.rounds)
            ]
        )
        tool = median(
            [
                timed(
                    lambda: run(
                        [
                            *SUPATOOLS,
                            "migrate",
                            "--status",
                            "--db-url",
                            url,
                            "--migrations-dir",
                            str(directory),
                        ]
                    )
                )
                for _ in range(options.rounds)
            ]
        )
        print(
            f"migrate --status, {options.count} files + {options.count} history rows "
            f"({options.rounds} rounds, median wall time)"
        )
        print(f"  psql reading the history : {base:.3f} s")
        print(f"  supatools --status       : {tool:.3f} s  (target <= 1.000 s)")
        print(f"  ratio supatools/psql = {tool / base:.2f}")


if __name__ == "__main__":
    main()
