alter table "public"."notifications" add column "bulk_id" uuid;


