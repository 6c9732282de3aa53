"""Issue 12: round trips, counted by a relay in front of the real server.

Over the internet each round trip costs 20-80 ms, so the counts are the contract:
``migrate`` of N migrations <= ceil(N / 32) + 8 in all (N + 8 before they travelled
several to a message), ``verify-rls``, ``--status`` and
``preflight`` the same count whatever the schema size.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Database, write
from tests.proxy import DelayProxy, proxied
from tests.test_trust import invoke

TABLE = """-- Table {n}.
create table public.t_{n} (id int primary key, owner uuid not null);
alter table public.t_{n} enable row level security;
create policy "own {n}" on public.t_{n} for select to authenticated
    using ((select auth.uid()) = owner);
grant select on public.t_{n} to authenticated;
grant select, insert, update, delete on public.t_{n} to service_role;
"""


def _project(tmp_path: Path, count: int) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir(exist_ok=True)
    for n in range(count):
        write(migrations, f"2025010100{n:04d}_t_{n}.sql", TABLE.format(n=n))


def _trips(
    proxy: DelayProxy,
    cwd: Path,
    *args: str,
) -> int:
    proxy.counter.settle()
    proxy.counter.reset()
    code, out, err = invoke(cwd, *args)
    assert code == 0, err
    proxy.counter.settle()
    return proxy.counter.round_trips


@pytest.mark.parametrize("count", [3, 30, 70])
def test_migrate_of_n_migrations_takes_a_round_trip_per_32_and_8(
    database: Database,
    tmp_path: Path,
    count: int,
) -> None:
    """Connect, preflight, lock, history, one per message of up to 32 migrations, the
    audit, unlock, close."""
    _project(tmp_path, count)
    with proxied(database.url, 0) as (proxy, url):
        trips = _trips(proxy, tmp_path, "migrate", "--db-url", url)
        assert proxy.counter.connections == 1
    assert trips <= -(-count // 32) + 8, trips
    assert len(database.applied_versions()) == count


def test_status_verify_and_preflight_do_not_grow_with_the_schema(
    database: Database,
    tmp_path: Path,
) -> None:
    counts: list[tuple[int, ...]] = []
    with proxied(database.url, 0) as (proxy, url):

        def trips(*args: str) -> int:
            return _trips(proxy, tmp_path, *args, "--db-url", url)

        for size in (2, 40):
            _project(tmp_path, size)
            assert invoke(tmp_path, "migrate", "--db-url", url)[0] == 0
            counts.append((trips("migrate", "--status"), trips("verify-rls"), trips("preflight")))
    assert counts[0] == counts[1], counts
    status, verify, preflight = counts[0]
    assert status <= 6 and verify <= 5 and preflight <= 5, counts
