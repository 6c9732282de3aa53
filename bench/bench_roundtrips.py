"""Round trips over a slow link: a delay proxy in front of PostgreSQL counts them.

Supabase is reached over the internet (20-80 ms a round trip), where round trips, not
CPU, decide the time. This bench puts a small asyncio TCP relay on 127.0.0.1 in front of
the server, adding ``--delay`` ms each way, and counts round trips: a round trip is a
flight of client bytes that follows the server's last answer (so the TCP connect, the
start-up packet, authentication and every query exchange count, pipelined queries once).

Targets: ``migrate`` of N migrations (connect, preflight, lock, history read, the
statements, up to 32 migrations a message, the audit snapshot) <= ceil(N / 32) + 8 round
trips; ``verify-rls`` and ``migrate --status`` the same count whatever the schema size
(measured at two sizes).

    python bench/bench_roundtrips.py [--count 50] [--delay 25]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import SUPATOOLS, fresh_database, server_url  # noqa: E402
from bench_apply import write_migrations  # noqa: E402

from tests.proxy import DelayProxy, proxied  # noqa: E402


def counted(proxy: DelayProxy, args: list[str], cwd: Path) -> tuple[int, int, float]:
    """Run supatools; (round trips, connections, seconds)."""
    import subprocess

    proxy.counter.settle()
    proxy.counter.reset()
    started = time.perf_counter()
    proc = subprocess.run([*SUPATOOLS, *args], cwd=cwd, capture_output=True, text=True)
    spent = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"supatools {' '.join(args[:2])} failed: {proc.stderr.strip()}")
    proxy.counter.settle()
    return proxy.counter.round_trips, proxy.counter.connections, spent


def add_tables(url: str, start: int, count: int) -> None:
    """More RLS-bearing tables, straight into the database (not through the proxy)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "".join(
                f"create table public.extra_{n} (id int primary key, owner uuid);"
                f"alter table public.extra_{n} enable row level security;"
                f'create policy "own {n}" on public.extra_{n} for select to authenticated '
                f"using ((select auth.uid()) = owner);"
                f"grant select on public.extra_{n} to authenticated;"
                for n in range(start, start + count)
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--delay", type=float, default=25.0, help="ms added each way")
    parser.add_argument("--trace", action="store_true", help="print each flight of migrate")
    options = parser.parse_args()
    n = options.count
    rows: list[tuple[str, int, int, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp, server_url() as admin, fresh_database(admin) as db:
        project = Path(tmp)
        (project / "migrations").mkdir()
        write_migrations(project / "migrations", n)
        with proxied(db, options.delay / 1000) as (proxy, url):
            base = ["--db-url", url]
            trips, conns, spent = counted(proxy, ["migrate", *base], project)
            target = f"<= {-(-n // 32) + 8}"
            rows.append((f"migrate ({n} migrations)", trips, conns, spent, target))
            if options.trace:
                for number, flight in enumerate(proxy.counter.flights, 1):
                    print(f"{number:>4} {flight!r}")
            status_small = counted(proxy, ["migrate", "--status", *base], project)
            audit_small = counted(proxy, ["verify-rls", *base], project)
            preflight = counted(proxy, ["preflight", *base], project)
            add_tables(db, 0, 10 * n)
            status_big = counted(proxy, ["migrate", "--status", *base], project)
            audit_big = counted(proxy, ["verify-rls", *base], project)
            tables = (n, 11 * n)
            rows.append(("migrate --status", *status_small, f"= at {tables[1]} tables"))
            rows.append((f"  at {tables[1]} tables", *status_big, f"{status_small[0]}"))
            rows.append((f"verify-rls ({tables[0]} tables)", *audit_small, "constant"))
            rows.append((f"  at {tables[1]} tables", *audit_big, f"{audit_small[0]}"))
            rows.append(("preflight (no --supabase-url)", *preflight, ""))
    print(f"round trips through a proxy adding {options.delay:g} ms each way")
    print(f"  {'command':<34} {'round trips':>11} {'conns':>5} {'seconds':>8}  target")
    for label, trips, conns, spent, target in rows:
        print(f"  {label:<34} {trips:>11} {conns:>5} {spent:>8.2f}  {target}")


if __name__ == "__main__":
    main()
