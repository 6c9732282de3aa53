-- Index workouts by user and start time, built without blocking writes.
-- supatools:no-transaction
-- requires: 20250329101000_workouts
--
-- CREATE INDEX CONCURRENTLY cannot run inside a transaction. If it is interrupted it
-- leaves an INVALID index that IF NOT EXISTS would keep: drop it before re-running with
--   drop index concurrently if exists public.workouts_user_started_idx;

create index concurrently if not exists workouts_user_started_idx
    on public.workouts (user_id, started_at desc);
