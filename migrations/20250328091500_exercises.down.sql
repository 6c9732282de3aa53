-- Rollback of 20250328091500_exercises: drop the exercise catalogue. Run the rollbacks of
-- later migrations first (workout sets reference exercises).

drop table if exists public.exercises;
