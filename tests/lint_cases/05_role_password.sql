-- A role created with its password in the file.
-- expect: hardcoded_secret

create role reporting login password 'Winter2025!';
