-- User profiles: one row per auth user, readable by signed-in users, editable by its owner.
--
-- Idempotent: safe to run by hand against a database that already has it.

create table if not exists public.profiles (
    id           uuid primary key references auth.users (id) on delete cascade,
    username     text not null unique check (char_length(username) between 3 and 32),
    display_name text,
    avatar_url   text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

comment on table public.profiles is 'Public profile of each user of the training app.';

alter table public.profiles enable row level security;

-- (select auth.uid()) is evaluated once per query, not once per row.
drop policy if exists "profiles are visible to signed-in users" on public.profiles;
create policy "profiles are visible to signed-in users"
    on public.profiles for select
    to authenticated
    using (true);

drop policy if exists "users create their own profile" on public.profiles;
create policy "users create their own profile"
    on public.profiles for insert
    to authenticated
    with check ((select auth.uid()) = id);

drop policy if exists "users update their own profile" on public.profiles;
create policy "users update their own profile"
    on public.profiles for update
    to authenticated
    using ((select auth.uid()) = id)
    with check ((select auth.uid()) = id);

-- New Supabase projects no longer grant new tables to the API roles: say what each may do.
grant select, insert, update on public.profiles to authenticated;
grant select, insert, update, delete on public.profiles to service_role;
