-- RLS switched off on an exposed table.
-- expect: rls_disabled

alter table public.notes disable row level security;
