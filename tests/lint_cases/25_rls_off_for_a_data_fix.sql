-- RLS disabled for a fix and enabled again in the same file.
-- expect: none

alter table public.notes disable row level security;
update public.notes set body = '' where body is null;
alter table public.notes enable row level security;
