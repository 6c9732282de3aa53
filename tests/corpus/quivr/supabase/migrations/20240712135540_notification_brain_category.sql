alter table "public"."notifications" add column "brain_id" uuid;

alter table "public"."notifications" add column "category" text;


