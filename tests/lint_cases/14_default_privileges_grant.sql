-- Grants come from ALTER DEFAULT PRIVILEGES: the policy is reachable.
-- expect: none

alter default privileges in schema public grant select, insert, update, delete on tables to authenticated;
drop policy if exists "own notes" on public.notes;
create policy "own notes" on public.notes for select to authenticated using ((select auth.uid()) = owner);
