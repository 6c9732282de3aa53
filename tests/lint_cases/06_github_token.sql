-- A GitHub token stored in a settings row.
-- expect: hardcoded_secret

insert into public.notes (id, body) values (gen_random_uuid(), 'ghp_a1B2a1B2a1B2a1B2a1B2a1B2a1B2a1B2a1B2');
