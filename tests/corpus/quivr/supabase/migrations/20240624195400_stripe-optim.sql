alter table "public"."user_settings" add column "last_stripe_check" timestamp with time zone;
