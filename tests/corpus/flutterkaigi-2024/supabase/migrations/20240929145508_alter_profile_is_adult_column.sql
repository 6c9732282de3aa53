ALTER TABLE profiles
ADD COLUMN is_adult boolean NOT NULL DEFAULT false;
