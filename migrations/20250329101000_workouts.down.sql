-- Rollback of 20250329101000_workouts: drop workout sets, then workouts (sets reference
-- workouts). The rows they hold are lost: back up first.

drop table if exists public.workout_sets;
drop table if exists public.workouts;
