
alter table "public"."tasks" add column "task_metadata" jsonb;


