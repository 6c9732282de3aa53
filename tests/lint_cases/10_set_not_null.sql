-- SET NOT NULL scans the table under ACCESS EXCLUSIVE.
-- expect: set_not_null_scan

alter table public.notes alter column owner set not null;
