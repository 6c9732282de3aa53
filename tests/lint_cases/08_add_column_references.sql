-- ADD COLUMN ... REFERENCES validates under a lock on both tables.
-- expect: constraint_without_not_valid

alter table public.notes add column if not exists parent_id uuid references public.notes (id);
