-- A policy trusting what every user can edit.
-- expect: user_metadata_in_policy

drop policy if exists "admins read" on public.notes;
create policy "admins read" on public.notes for select to authenticated
  using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
grant select on public.notes to authenticated;
