"""verify-rls as the schema grows (200 to 20,000 tables, two policies each): linear, and
within 1.5x of the floor, with a number of round trips that does not grow.

The floor measured in the same run is one ``psql`` process reading ``pg_policies`` with
its expressions and ``pg_class`` with its ACLs: the same bytes must cross the wire.
Round trips of the whole command are counted by a relay in front of the server
(tests/proxy.py) at every size, to show they stay constant.

    python bench/bench_audit.py [--sizes 200,2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import (  # noqa: E402
    SUPATOOLS,
    add_wheel_option,
    fresh_database,
    median,
    psql_path,
    run,
    server_url,
    supatools_program,
    timed,
)

from tests.proxy import proxied  # noqa: E402

TABLE = """
create table public.item_{n} (id bigint primary key, owner_id uuid not null);
alter table public.item_{n} enable row level security;
create policy "owners read item_{n}" on public.item_{n} for select to authenticated
    using ((select auth.uid()) = owner_id);
create policy "owners write item_{n}" on public.item_{n} for update to authenticated
    using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
grant select, update on public.item_{n} to authenticated;
grant select, insert, update, delete on public.item_{n} to service_role;
"""


def round_trips(url: str, cwd: Path) -> int:
    """Round trips of a whole ``verify-rls`` run, counted by the relay."""
    import subprocess

    with proxied(url, 0) as (proxy, relayed):
        subprocess.run(
            [*SUPATOOLS, "verify-rls", "--db-url", relayed], cwd=cwd, capture_output=True
        )
        proxy.counter.settle()
        return proxy.counter.round_trips


def create_tables(url: str, start: int, stop: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for low in range(start, stop, 200):
            conn.execute("".join(TABLE.format(n=n) for n in range(low, min(low + 200, stop))))


FLOOR = (
    "SELECT * FROM pg_policies; "
    "SELECT c.relname, c.relacl, c.reloptions, c.relrowsecurity FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="200,2000", help="table counts, growing one database (e.g. 200,20000)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    add_wheel_option(parser)
    options = parser.parse_args()
    sizes = [int(n) for n in options.sizes.split(",")]
    rows: list[tuple[int, float, float, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp, server_url() as admin, fresh_database(admin) as url:
        empty_policies = Path(tmp) / "project"
        empty_policies.mkdir()
        program, installed = supatools_program(options.wheel, Path(tmp) / "install")
        psql = psql_path()
        made = 0
        for size in sizes:
            create_tables(url, made, size)
            made = size
            trips = round_trips(url, empty_policies)
            # the two alternate, round by round, so that a burst of load on this shared
            # machine falls on both; the ratio is the median of the per-round ratios
            floors, tools = [], []
            for _ in range(options.rounds):
                floors.append(timed(lambda: run([psql, "-X", "-q", "-d", url, "-c", FLOOR])))
                tools.append(
                    timed(
                        lambda: run([*program, "verify-rls", "--db-url", url], cwd=empty_policies)
                    )
                )
            ratio = median([t / f for t, f in zip(tools, floors, strict=True)])
            rows.append((size, median(floors), median(tools), trips, ratio))
    print(
        f"verify-rls over tables with 2 policies each ({options.rounds} alternating rounds, "
        "median wall time, process start included; floor: psql reading pg_policies and "
        f"pg_class; supatools as {installed}); "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"{os.getloadavg()[0]:.2f} at the end"
    )
    print(f"  {'tables':>7} {'psql floor':>10} {'verify-rls':>10} {'ratio':>6} {'trips':>5}")
    for size, floor, tool, trips, ratio in rows:
        print(f"  {size:>7} {floor:>9.3f}s {tool:>9.3f}s {ratio:>6.2f} {trips:>5}")
    for (a, _, ta, _, _), (b, _, tb, _, _) in zip(rows, rows[1:], strict=False):
        print(f"  growth {a} -> {b} tables (x{b / a:g}): verify-rls x{tb / ta:.2f}")
    print("  targets: ratio <= 1.5 at 20,000 tables; growth no more than the tables'")


if __name__ == "__main__":
    main()
