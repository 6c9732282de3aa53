-- The index is built without blocking writes.
-- expect: none

create index concurrently if not exists notes_owner_idx on public.notes (owner);
