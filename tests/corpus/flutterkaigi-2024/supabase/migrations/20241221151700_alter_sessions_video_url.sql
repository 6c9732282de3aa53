ALTER TABLE sessions
ADD COLUMN video_url text;
