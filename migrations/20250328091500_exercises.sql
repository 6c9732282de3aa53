-- Exercise catalogue: shared movements, each added by a user who may edit it.
-- requires: 20250327183223_user_profiles

create table if not exists public.exercises (
    id           bigint generated always as identity primary key,
    name         text not null unique,
    muscle_group text not null,
    equipment    text,
    created_by   uuid references public.profiles (id) on delete set null default auth.uid(),
    created_at   timestamptz not null default now()
);

alter table public.exercises enable row level security;

drop policy if exists "exercises are visible to signed-in users" on public.exercises;
create policy "exercises are visible to signed-in users"
    on public.exercises for select
    to authenticated
    using (true);

drop policy if exists "users add exercises as themselves" on public.exercises;
create policy "users add exercises as themselves"
    on public.exercises for insert
    to authenticated
    with check ((select auth.uid()) = created_by);

drop policy if exists "users edit the exercises they added" on public.exercises;
create policy "users edit the exercises they added"
    on public.exercises for update
    to authenticated
    using ((select auth.uid()) = created_by)
    with check ((select auth.uid()) = created_by);

grant select, insert, update on public.exercises to authenticated;
grant select, insert, update, delete on public.exercises to service_role;
