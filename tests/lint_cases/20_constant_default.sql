-- A constant default is instant since PostgreSQL 11.
-- expect: none

alter table public.notes add column if not exists archived boolean not null default false;
