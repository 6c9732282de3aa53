"""400 migrations (a table, an index, RLS, two policies each): supatools vs one psql session.

The baseline is what a careful hand-rolled script does: one ``psql`` session that
runs each file in its own transaction together with a history insert. Target:
supatools / psql <= 1.2, process start included for both.

    python bench/bench_apply.py [--count 400] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    SUPATOOLS,
    fresh_database,
    median,
    psql_path,
    run,
    server_url,
    timed,
)

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
"""


def write_migrations(directory: Path, count: int) -> list[tuple[str, str, Path]]:
    files = []
    for n in range(count):
        version = (
            f"2025{n // 86400 + 1:02d}01{n % 86400 // 3600:02d}{n % 3600 // 60:02d}{n % 60:02d}"
        )
        version = f"20250101{n:06d}"
        path = directory / f"{version}_item_{n}.sql"
        path.write_text(TEMPLATE.format(n=n))
        files.append((version, f"item_{n}", path))
    return files


def psql_script(files: list[tuple[str, str, Path]], directory: Path) -> Path:
    lines = [
        "\\set ON_ERROR_STOP 1",
        "CREATE SCHEMA IF NOT EXISTS supabase_migrations;",
        "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations "
        "(version text PRIMARY KEY, statements text[], name text);",
    ]
    for version, name, path in files:
        lines += [
            "BEGIN;",
            f"\\i {path}",
            "INSERT INTO supabase_migrations.schema_migrations (version, name) "
            f"VALUES ('{version}', '{name}');",
            "COMMIT;",
        ]
    script = directory / "apply_all.psql"
    script.write_text("\n".join(lines) + "\n")
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, server_url() as admin:
        directory = Path(tmp) / "migrations"
        directory.mkdir()
        files = write_migrations(directory, options.count)
        script = psql_script(files, Path(tmp))
        psql = psql_path()
        tool_times: list[float] = []
        psql_times: list[float] = []
        for _ in range(options.rounds):
            with fresh_database(admin) as url:
                psql_times.append(
                    timed(lambda: run([psql, "-X", "-q", "-d", url, "-f", str(script)]))
                )
            with fresh_database(admin) as url:
                tool_times.append(
                    timed(
                        lambda: run(
                            [
                                *SUPATOOLS,
                                "migrate",
                                "--db-url",
                                url,
                                "--no-verify",
                                "--migrations-dir",
                                str(directory),
                            ]
                        )
                    )
                )
        tool, base = median(tool_times), median(psql_times)
        print(f"apply {options.count} migrations ({options.rounds} rounds, median wall time)")
        print(f"  psql baseline : {base:.3f} s")
        print(f"  supatools     : {tool:.3f} s")
        print(f"  ratio supatools/psql = {tool / base:.2f}  (target <= 1.20)")


if __name__ == "__main__":
    main()
