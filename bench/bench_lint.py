"""supatools lint throughput: files per second over a generated folder of migrations.

Each file is a realistic migration (a table with RLS, policies, an index, grants, a
JSONB column with its comment); the whole folder is linted in one process, start-up
included, against the same folder parsed by pglast alone (the floor: the parse is the
work that cannot be skipped).

    python bench/bench_lint.py [--files 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SUPATOOLS, median, run, timed  # noqa: E402

TEMPLATE = """-- Bench table {n}: items owned by a user.
create table if not exists public.item_{n} (
    id uuid primary key default gen_random_uuid(),
    owner_id uuid not null references auth.users (id) on delete cascade,
    meta jsonb not null default '{{}}',
    created_at timestamptz not null default now()
);
comment on column public.item_{n}.meta is '{{"tags": [<text>]}}';
create index if not exists item_{n}_owner_idx on public.item_{n} (owner_id);
alter table public.item_{n} enable row level security;
drop policy if exists "owners read item_{n}" on public.item_{n};
create policy "owners read item_{n}" on public.item_{n} for select to authenticated
    using ((select auth.uid()) = owner_id);
grant select on public.item_{n} to authenticated;
grant select, insert, update, delete on public.item_{n} to service_role;
"""

PARSE_ONLY = (
    "import sys, pathlib\n"
    "from pglast import parser\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.sql')):\n"
    "    parser.parse_sql_json(p.read_text())\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        migrations = root / "migrations"
        migrations.mkdir()
        for n in range(options.files):
            (migrations / f"20250101{n:06d}_item_{n}.sql").write_text(TEMPLATE.format(n=n))
            (migrations / f"20250101{n:06d}_item_{n}.down.sql").write_text(
                f"drop table if exists public.item_{n};\n"
            )
        floor = median(
            [
                timed(lambda: run([sys.executable, "-c", PARSE_ONLY, str(migrations)]))
                for _ in range(options.rounds)
            ]
        )
        tool = median(
            [timed(lambda: run([*SUPATOOLS, "lint"], cwd=root)) for _ in range(options.rounds)]
        )
    print(f"supatools lint over {options.files} files ({options.rounds} rounds, median)")
    print(f"  pglast parse alone : {floor:.2f} s ({options.files / floor:,.0f} files/s)")
    print(f"  supatools lint     : {tool:.2f} s ({options.files / tool:,.0f} files/s)")
    print(f"  ratio to the parse : {tool / floor:.2f}")


if __name__ == "__main__":
    main()
