-- An index built on a live table blocks its writes.
-- expect: index_without_concurrently

create index if not exists notes_owner_idx on public.notes (owner);
