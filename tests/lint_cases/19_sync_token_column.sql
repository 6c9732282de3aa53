-- A sync cursor is not a secret.
-- expect: none

alter table public.notes add column if not exists sync_token text;
