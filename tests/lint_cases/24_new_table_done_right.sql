-- A new table with RLS, a policy, grants and an index.
-- expect: none

create table if not exists public.tags (
  id uuid primary key default gen_random_uuid(),
  owner uuid not null references auth.users (id),
  name text not null
);
alter table public.tags enable row level security;
drop policy if exists "own tags" on public.tags;
create policy "own tags" on public.tags for all to authenticated
  using ((select auth.uid()) = owner) with check ((select auth.uid()) = owner);
grant select, insert, update, delete on public.tags to authenticated;
create index if not exists tags_owner_idx on public.tags (owner);
