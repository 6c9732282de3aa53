"""verify-rls over 2,000 tables with two policies each. Target: <= 1 s wall, process start
included, with a number of round trips that does not grow with the schema.

The baseline measured in the same run is one ``psql`` process reading ``pg_policies``
(the least any audit must read). Round trips of the whole command are counted by a relay
in front of the server (tests/proxy.py) at two sizes, to show they stay constant.

    python bench/bench_audit.py [--tables 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import SUPATOOLS, fresh_database, median, psql_path, run, server_url, timed  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, server_url() as admin, fresh_database(admin) as url:
        empty_policies = Path(tmp)
        create_tables(url, 0, 20)
        small = round_trips(url, empty_policies)
        create_tables(url, 20, options.tables)
        large = round_trips(url, empty_policies)
        psql = psql_path()
        base = median(
            [
                timed(lambda: run([psql, "-X", "-q", "-d", url, "-c", "SELECT * FROM pg_policies"]))
                for _ in range(options.rounds)
            ]
        )
        tool = median(
            [
                timed(lambda: run([*SUPATOOLS, "verify-rls", "--db-url", url], cwd=empty_policies))
                for _ in range(options.rounds)
            ]
        )
        print(
            f"verify-rls, {options.tables} tables x 2 policies "
            f"({options.rounds} rounds, median wall time, process start included)"
        )
        print(f"  psql reading pg_policies : {base:.3f} s")
        print(f"  supatools verify-rls     : {tool:.3f} s  (target <= 1.000 s)")
        print(f"  ratio supatools/psql = {tool / base:.2f}")
        print(f"  round trips of verify-rls: {small} at 20 tables, {large} at {options.tables}")


if __name__ == "__main__":
    main()
