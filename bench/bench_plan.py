"""migrate --dry-run's lock plan on a database with a large table: the plan reads the
table's size from the catalog (row estimate, pg_total_relation_size), never the rows,
so its time is the same for 1,000 rows and 1,000,000.

Both databases get one applied migration creating ``public.events`` with N rows and one
pending migration that locks it (SET NOT NULL, CREATE INDEX); the time of
``migrate --dry-run`` is printed for each, with its ratio.

    python bench/bench_plan.py [--rows 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SUPATOOLS, fresh_database, median, server_url, timed  # noqa: E402

APPLIED = """-- Events.
create table if not exists public.events (id bigint primary key, kind text);
alter table public.events enable row level security;
grant all on public.events to service_role;
"""
PENDING = """-- Kinds are required and searchable.
-- supatools:requires 20250101000000

alter table public.events alter column kind set not null;
create index if not exists events_kind_idx on public.events (kind);
"""


def prepare(url: str, rows: int, project: Path) -> None:
    migrations = project / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "20250101000000_events.sql").write_text(APPLIED)
    subprocess.run(
        [*SUPATOOLS, "migrate", "--no-verify", "--db-url", url],
        cwd=project,
        check=True,
        capture_output=True,
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "insert into public.events select g, 'kind ' || (g %% 10) "
            "from generate_series(1, %s) g",
            (rows,),
        )
        conn.execute("analyze public.events")
    (migrations / "20250102000000_kind_required.sql").write_text(PENDING)


def _run(command: list[str], project: Path) -> None:
    subprocess.run(command, cwd=project, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp, server_url() as admin:
        for rows in (1_000, options.rows):
            with fresh_database(admin) as url:
                project = Path(tmp) / f"p{rows}"
                prepare(url, rows, project)
                command = [*SUPATOOLS, "migrate", "--dry-run", "--json", "--db-url", url]
                out = subprocess.run(command, cwd=project, capture_output=True, text=True)
                summary = json.loads(out.stdout)["pending"][0]["summary"]
                seconds = median(
                    [timed(lambda c=command, p=project: _run(c, p)) for _ in range(options.rounds)]
                )
                results.append((rows, seconds, summary))
    print(f"migrate --dry-run with its lock plan ({options.rounds} rounds, median)")
    for rows, seconds, summary in results:
        print(f"  {rows:>9,} rows: {seconds:.2f} s  plan: {summary}")
    print(
        f"  ratio {results[1][0]:,} / {results[0][0]:,} rows: {results[1][1] / results[0][1]:.2f}"
    )


if __name__ == "__main__":
    main()
