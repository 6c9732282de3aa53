-- The platform grants storage.objects to the API roles.
-- expect: none

drop policy if exists "avatar read" on storage.objects;
create policy "avatar read" on storage.objects for select to authenticated using (bucket_id = 'avatars');
