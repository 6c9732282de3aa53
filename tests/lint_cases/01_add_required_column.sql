-- A NOT NULL column without a default on a table holding rows fails.
-- expect: required_column_without_default

alter table public.notes add column if not exists rank int not null;
