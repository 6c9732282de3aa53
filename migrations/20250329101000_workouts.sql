-- Workouts and their sets: private to the user who logged them.
-- requires: 20250327183223_user_profiles, 20250328091500_exercises

create table if not exists public.workouts (
    id         bigint generated always as identity primary key,
    user_id    uuid not null references public.profiles (id) on delete cascade
               default auth.uid(),
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    notes      text,
    check (finished_at is null or finished_at >= started_at)
);

create table if not exists public.workout_sets (
    id          bigint generated always as identity primary key,
    workout_id  bigint not null references public.workouts (id) on delete cascade,
    exercise_id bigint not null references public.exercises (id),
    position    smallint not null check (position > 0),
    reps        smallint check (reps >= 0),
    weight_kg   numeric(6, 2) check (weight_kg >= 0),
    unique (workout_id, position)
);

create index if not exists workout_sets_exercise_id_idx on public.workout_sets (exercise_id);

alter table public.workouts enable row level security;
alter table public.workout_sets enable row level security;

drop policy if exists "users manage their own workouts" on public.workouts;
create policy "users manage their own workouts"
    on public.workouts for all
    to authenticated
    using ((select auth.uid()) = user_id)
    with check ((select auth.uid()) = user_id);

-- A set belongs to whoever owns its workout.
drop policy if exists "users manage sets of their own workouts" on public.workout_sets;
create policy "users manage sets of their own workouts"
    on public.workout_sets for all
    to authenticated
    using (exists (
        select 1 from public.workouts w
        where w.id = workout_id and w.user_id = (select auth.uid())
    ))
    with check (exists (
        select 1 from public.workouts w
        where w.id = workout_id and w.user_id = (select auth.uid())
    ));

grant select, insert, update, delete on public.workouts, public.workout_sets to authenticated;
grant select, insert, update, delete on public.workouts, public.workout_sets to service_role;
