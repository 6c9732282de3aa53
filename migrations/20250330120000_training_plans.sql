-- Training plans: a weekly schedule in JSONB, private unless its owner publishes it.
-- requires: 20250327183223_user_profiles
--
-- Written for hand-run tools, so it wraps itself in BEGIN/COMMIT; supatools accepts
-- that outer pair and still records the file atomically with its history row.

begin;

create table if not exists public.training_plans (
    id         bigint generated always as identity primary key,
    owner_id   uuid not null references public.profiles (id) on delete cascade
               default auth.uid(),
    title      text not null,
    is_public  boolean not null default false,
    -- e.g. {"weeks": 4, "days": {"mon": [{"exercise_id": 1, "sets": 3, "reps": 8}]}}
    schedule   jsonb not null default '{}'::jsonb
               check (jsonb_typeof(schedule) = 'object'),
    created_at timestamptz not null default now()
);

comment on column public.training_plans.schedule is
    'The weekly plan: {"weeks": <int>, "days": {"<mon..sun>": [{"exercise_id": <bigint>, '
    '"sets": <int>, "reps": <int>}]}}';

create index if not exists training_plans_owner_id_idx on public.training_plans (owner_id);

alter table public.training_plans enable row level security;

drop policy if exists "plans are visible to their owner, or to all when public"
    on public.training_plans;
create policy "plans are visible to their owner, or to all when public"
    on public.training_plans for select
    to authenticated
    using (is_public or (select auth.uid()) = owner_id);

drop policy if exists "owners create plans" on public.training_plans;
create policy "owners create plans"
    on public.training_plans for insert
    to authenticated
    with check ((select auth.uid()) = owner_id);

drop policy if exists "owners edit their plans" on public.training_plans;
create policy "owners edit their plans"
    on public.training_plans for update
    to authenticated
    using ((select auth.uid()) = owner_id)
    with check ((select auth.uid()) = owner_id);

drop policy if exists "owners delete their plans" on public.training_plans;
create policy "owners delete their plans"
    on public.training_plans for delete
    to authenticated
    using ((select auth.uid()) = owner_id);

grant select, insert, update, delete on public.training_plans to authenticated;
grant select, insert, update, delete on public.training_plans to service_role;

commit;
