-- A STORED generated column rewrites the table.
-- expect: stored_generated_column

alter table public.notes add column if not exists body_length int generated always as (length(body)) stored;
