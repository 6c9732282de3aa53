-- Rollback of 20250330120000_training_plans: drop the table with its policies, index and
-- grants. The plans it holds are lost: back up first (pg_dump -t public.training_plans).

drop table if exists public.training_plans;
