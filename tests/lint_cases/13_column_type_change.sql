-- ALTER COLUMN TYPE rewrites the table.
-- expect: column_type_rewrite

alter table public.notes alter column body type varchar(500);
