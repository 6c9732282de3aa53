-- The constraint is added NOT VALID and validated apart.
-- expect: none

alter table public.notes add constraint notes_body_len check (length(body) < 10000) not valid;
alter table public.notes validate constraint notes_body_len;
