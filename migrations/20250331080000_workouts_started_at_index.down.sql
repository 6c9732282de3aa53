-- Rollback of 20250331080000_workouts_started_at_index: drop the index without blocking
-- writes to workouts.
-- supatools:no-transaction

drop index concurrently if exists public.workouts_user_started_idx;
