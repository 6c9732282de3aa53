alter table "public"."syncs_active" add column "notification_id" uuid;


