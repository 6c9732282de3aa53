"""supatools lint throughput and memory, beside pglast's parse alone and squawk.

Each generated file is a realistic migration of about 4 KB and 15 statements (a table
with RLS, policies, indexes, grants, a JSONB column with its comment, a trigger
function, a backfill); the whole folder is linted in one process, start-up included,
against the same folder parsed by pglast alone (the floor: the parse is the work that
cannot be skipped) and linted by squawk (``pip install squawk-cli``; found on PATH or
in ``$SQUAWK``; skipped, saying so, when absent). Peak RSS is each child's own
(``wait4``). ``--cases`` also runs squawk over tests/lint_cases/ and prints what each
tool says of each case.

    python bench/bench_lint.py [--files 1000] [--rounds 3] [--cases]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

TEMPLATE = """-- Bench table {n}: items owned by a user, their tags and an audit trigger.
-- Tables: public.item_{n}, public.item_{n}_tag.
--
-- Each item belongs to the user who created it; published items are readable by every
-- signed-in user, drafts only by their owner. Tags live in their own table so that the
-- tag search can use an index. The trigger keeps updated_at honest whatever the client
-- sends. The backfill at the end normalises titles written before the form did it.
-- Rollback: the .down.sql beside this file drops both tables (their rows go with them).
--
-- Access, in one place: authenticated users read published items and their own drafts,
-- and update their own items; nobody deletes through the API (the service role does,
-- from the nightly clean-up job). The view below is security_invoker so that it follows
-- the table's policies instead of its owner's rights. Prices are in cents, in the
-- currency named beside them; positions order the owner's list and are rewritten by the
-- app in one statement when an item moves.
-- Requires: the auth schema of the platform (auth.users), nothing else of ours.
create table if not exists public.item_{n} (
    id uuid primary key default gen_random_uuid(),
    owner_id uuid not null references auth.users (id) on delete cascade,
    title text not null default '',
    summary text,
    body text,
    slug text,
    position integer not null default 0,
    priority smallint not null default 3,
    price_cents bigint,
    currency text not null default 'usd',
    is_pinned boolean not null default false,
    is_archived boolean not null default false,
    due_at timestamptz,
    archived_at timestamptz,
    external_ref text,
    meta jsonb not null default '{{}}',
    status text not null default 'draft' check (status in ('draft', 'published')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
comment on table public.item_{n} is 'Items owned by a user; see the migration header.';
comment on column public.item_{n}.meta is '{{"tags": [<text>], "color": <text>}}';
create index if not exists item_{n}_owner_idx on public.item_{n} (owner_id);
create index if not exists item_{n}_status_idx on public.item_{n} (status, created_at desc);
alter table public.item_{n} enable row level security;
drop policy if exists "owners read item_{n}" on public.item_{n};
create policy "owners read item_{n}" on public.item_{n} for select to authenticated
    using ((select auth.uid()) = owner_id or status = 'published');
drop policy if exists "owners write item_{n}" on public.item_{n};
create policy "owners write item_{n}" on public.item_{n} for update to authenticated
    using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
create table if not exists public.item_{n}_tag (
    item_id uuid not null references public.item_{n} (id) on delete cascade,
    tag text not null,
    primary key (item_id, tag)
);
alter table public.item_{n}_tag enable row level security;
grant select, update on public.item_{n} to authenticated;
grant select on public.item_{n}_tag to authenticated;
grant select, insert, update, delete on public.item_{n}, public.item_{n}_tag to service_role;
create or replace function public.item_{n}_touch() returns trigger
language plpgsql set search_path = '' as $$
begin
    new.updated_at := now();
    return new;
end
$$;
drop trigger if exists item_{n}_touch on public.item_{n};
create trigger item_{n}_touch before update on public.item_{n}
    for each row execute function public.item_{n}_touch();
update public.item_{n} set title = initcap(title) where title <> initcap(title);
create or replace view public.item_{n}_published with (security_invoker = true) as
    select id, owner_id, title, summary, slug, created_at
    from public.item_{n}
    where status = 'published' and not is_archived;
grant select on public.item_{n}_published to authenticated;
"""

PARSE_ONLY = (
    "import sys, pathlib\n"
    "from pglast import parser\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.sql')):\n"
    "    parser.parse_sql_json(p.read_text())\n"
)


def measured(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, its output discarded."""
    with tempfile.TemporaryFile() as errors:  # a file: a full pipe would block the child
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        said = errors.read().decode(errors="replace")
    # lint and squawk exit 1 on findings; a crash must not pass for a fast run
    if child.returncode not in (0, 1) or "Traceback" in said or "a bug in" in said:
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{said[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def best(command: list[str], rounds: int, cwd: Path | None = None) -> tuple[float, float]:
    runs = sorted(measured(command, cwd) for _ in range(rounds))
    return runs[len(runs) // 2]


def squawk() -> str | None:
    return os.environ.get("SQUAWK") or shutil.which("squawk")


def folder(root: Path, files: int) -> Path:
    migrations = root / "migrations"
    migrations.mkdir()
    for n in range(files):
        (migrations / f"20250101{n:06d}_item_{n}.sql").write_text(TEMPLATE.format(n=n))
        (migrations / f"20250101{n:06d}_item_{n}.down.sql").write_text(
            f"drop table if exists public.item_{n}_tag, public.item_{n};\n"
        )
    return migrations


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", action="store_true")
    options = parser.parse_args()
    squawk_bin = squawk()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        migrations = folder(root, options.files)
        ups = [str(p) for p in sorted(migrations.glob("*.sql")) if not p.name.endswith(".down.sql")]
        size = sum(Path(p).stat().st_size for p in ups) / len(ups)
        floor = best([sys.executable, "-c", PARSE_ONLY, str(migrations)], options.rounds)
        tool = best([sys.executable, "-m", "supatools", "lint"], options.rounds, cwd=root)
        theirs = best([squawk_bin, *ups], options.rounds) if squawk_bin else None
    print(
        f"lint over {options.files} files of {size / 1024:.1f} KB ({options.rounds} rounds, median)"
    )
    print(f"  pglast parse alone : {floor[0]:6.2f} s  {floor[1]:6.0f} MB peak")
    print(f"  supatools lint     : {tool[0]:6.2f} s  {tool[1]:6.0f} MB peak")
    print(f"  ratio to the parse : {tool[0] / floor[0]:.2f}")
    if theirs is None:
        print("  squawk             : not installed (pip install squawk-cli, or set $SQUAWK)")
    else:
        print(f"  squawk             : {theirs[0]:6.2f} s  {theirs[1]:6.0f} MB peak")
        print(
            f"  ratio to squawk    : {tool[0] / theirs[0]:.2f}x time, "
            f"{tool[1] / theirs[1]:.2f}x memory"
        )
    if options.cases:
        cases(squawk_bin)


def cases(squawk_bin: str | None) -> None:
    """What squawk says of each vendored case (tests/lint_cases/), beside the expected."""
    if squawk_bin is None:
        print("cases: squawk not installed")
        return
    # noise that fires on nearly every file: timeouts are migrate's job, robustness is info
    noise = {"require-lock-timeout", "require-statement-timeout", "prefer-robust-stmts"}
    print("case | expected (supatools) | squawk")
    for case in sorted((REPO / "tests" / "lint_cases").glob("*.sql")):
        run = subprocess.run(
            [squawk_bin, "--reporter", "gcc", str(case)], capture_output=True, text=True
        )
        said = sorted(set(re.findall(r": (?:warning|error): (\S+)", run.stdout)) - noise)
        expect = next(x for x in case.read_text().splitlines() if x.startswith("-- expect:"))
        print(f"{case.stem} | {expect.removeprefix('-- expect: ')} | {', '.join(said) or 'none'}")


if __name__ == "__main__":
    main()
