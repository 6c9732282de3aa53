"""400 migrations (a table, an index, RLS, two policies each): supatools vs psql vs dbmate.

The floor is what a careful hand-rolled script does: one ``psql`` session that runs each
file in its own transaction together with a history insert. dbmate (the Go migration tool,
from npm) applies the same files, each in a transaction with its own history. Every tool
gets a fresh database in each round; rounds alternate the tools, each round starting
with the next one; medians are printed.
supatools is timed twice: ``migrate`` as users run it (preflight and RLS audit included)
and ``--no-verify``. psql runs the script twice: as written, and with every commit but the
last skipping the WAL flush, as supatools commits (one flush per run). Targets: supatools
/ psql <= 1.3, <= 1.1 x psql with the same deferred flush, <= 0.95 x dbmate.

dbmate is found on PATH, else installed from npm into ~/.cache/supatools-bench; without
npm the bench says it skipped it. ``--delay MS`` puts every tool behind a relay adding MS
each way (tests/proxy.py), as a hosted project is reached: there round trips decide.

    python bench/bench_apply.py [--count 400] [--rounds 3] [--wheel]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
    timed_with_cpu,
)

from tests.proxy import proxied  # noqa: E402

TEMPLATE = """-- Bench table {n}.
create table if not exists public.item_{n} (
    id bigint generated always as identity primary key,
    owner_id uuid not null default auth.uid(),
    title text not null,
    created_at timestamptz not null default now()
);
create index if not exists item_{n}_owner_idx on public.item_{n} (owner_id);
alter table public.item_{n} enable row level security;
create policy "owners read item_{n}" on public.item_{n} for select to authenticated
    using ((select auth.uid()) = owner_id);
create policy "owners write item_{n}" on public.item_{n} for insert to authenticated
    with check ((select auth.uid()) = owner_id);
grant select, insert on public.item_{n} to authenticated;
grant select, insert, update, delete on public.item_{n} to service_role;
"""


def write_migrations(directory: Path, count: int) -> list[tuple[str, str, Path]]:
    files = []
    for n in range(count):
        version = f"20250101{n:06d}"
        path = directory / f"{version}_item_{n}.sql"
        path.write_text(TEMPLATE.format(n=n))
        files.append((version, f"item_{n}", path))
    return files


def psql_script(files: list[tuple[str, str, Path]], directory: Path, *, deferred: bool) -> Path:
    """One psql session, each file in its own transaction with its history row. With
    ``deferred`` every commit but the last skips the WAL flush (``synchronous_commit =
    off``), which the last synchronous commit then makes durable: what supatools does."""
    lines = [
        "\\set ON_ERROR_STOP 1",
        "CREATE SCHEMA IF NOT EXISTS supabase_migrations;",
        "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations "
        "(version text PRIMARY KEY, statements text[], name text);",
    ]
    if deferred:
        lines.append("SET synchronous_commit = off;")
    for index, (version, name, path) in enumerate(files):
        if deferred and index == len(files) - 1:
            lines.append("RESET synchronous_commit;")
        lines += [
            "BEGIN;",
            f"\\i {path}",
            "INSERT INTO supabase_migrations.schema_migrations (version, name) "
            f"VALUES ('{version}', '{name}');",
            "COMMIT;",
        ]
    script = directory / ("apply_deferred.psql" if deferred else "apply_all.psql")
    script.write_text("\n".join(lines) + "\n")
    return script


@contextmanager
def linked(url: str, delay_ms: float) -> Iterator[str]:
    """``url`` itself, or through a relay adding ``delay_ms`` each way."""
    if not delay_ms:
        yield url
        return
    with proxied(url, delay_ms / 1000) as (_proxy, relayed):
        yield relayed


def dbmate_migrations(files: list[tuple[str, str, Path]], directory: Path) -> Path:
    """The same files in dbmate's format (``-- migrate:up`` and an empty down block)."""
    directory.mkdir()
    for version, name, path in files:
        (directory / f"{version}_{name}.sql").write_text(
            "-- migrate:up\n" + path.read_text() + "\n-- migrate:down\n"
        )
    return directory


def dbmate_url(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "sslmode=disable"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--delay",
        type=float,
        default=0.0,
        help="ms added each way by a relay in front of the server (a link to a hosted project)",
    )
    add_wheel_option(parser)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, server_url() as admin:
        directory = Path(tmp) / "migrations"
        directory.mkdir()
        files = write_migrations(directory, options.count)
        script = psql_script(files, Path(tmp), deferred=False)
        deferred = psql_script(files, Path(tmp), deferred=True)
        psql = psql_path()
        dbmate = dbmate_path()
        dbmate_dir = dbmate_migrations(files, Path(tmp) / "dbmate") if dbmate else None
        program, installed = supatools_program(options.wheel, Path(tmp) / "install")
        supatools = [*program, "migrate", "--migrations-dir", str(directory)]
        tools: dict[str, Callable[[str], list[str]]] = {
            "psql (floor)": lambda url: [psql, "-X", "-q", "-d", url, "-f", str(script)],
            "psql deferred flush": lambda url: [psql, "-X", "-q", "-d", url, "-f", str(deferred)],
            "supatools migrate": lambda url: [*supatools, "--db-url", url],
            "supatools --no-verify": lambda url: [*supatools, "--db-url", url, "--no-verify"],
        }
        if dbmate and dbmate_dir:
            tools["dbmate"] = lambda url: [
                dbmate, "--no-dump-schema", "--migrations-dir", str(dbmate_dir),
                "--url", dbmate_url(url), "migrate",
            ]  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in tools}
        cpu: dict[str, list[float]] = {name: [] for name in tools}
        load_before = os.getloadavg()[0]
        names = list(tools)
        for round_number in range(options.rounds):
            # each round starts with the next tool: none always follows the same one (the
            # one before leaves a dropped database and WAL behind for the disk to absorb)
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                command = tools[name]
                with fresh_database(admin) as direct, linked(direct, options.delay) as url:
                    # in the temporary project: no policies/ of this repository
                    wall, user = timed_with_cpu(
                        lambda: run(command(url), cwd=tmp, timeout=1800)  # noqa: B023
                    )
                times[name].append(wall)
                cpu[name].append(user)
        said = conditions(admin, load_before)
        medians = {name: median(spent) for name, spent in times.items()}
        floor = medians["psql (floor)"]
        link = f", {options.delay:g} ms added each way" if options.delay else ""
        print(
            f"apply {options.count} migrations ({options.rounds} alternating rounds, medians{link};"
            f" supatools as {installed})"
        )
        print(said)
        for name, spent in medians.items():
            low, high = min(times[name]), max(times[name])
            print(
                f"  {name:<22}: {spent:6.3f} s  ratio to psql {spent / floor:.2f}"
                f"  (rounds {low:.3f}-{high:.3f} s)  user CPU {median(cpu[name]):.3f} s"
            )
        for base, target in (("psql deferred flush", 1.1), ("dbmate", 0.95)):
            if base not in medians:
                print("  dbmate: skipped (not on PATH and npm is not available)")
                continue
            # a ratio per round (the tools ran back to back) is steadier on a busy machine
            # than a ratio of medians; both are printed
            for name in ("supatools migrate", "supatools --no-verify"):
                rounds = [t / d for t, d in zip(times[name], times[base], strict=True)]
                print(
                    f"  {name} / {base} = {medians[name] / medians[base]:.2f}"
                    f" (target <= {target}); per round {' '.join(f'{r:.2f}' for r in rounds)},"
                    f" median {median(rounds):.2f}"
                )
        print("  target: supatools / psql <= 1.3")


if __name__ == "__main__":
    main()
