alter table "public"."ingestions" add column "url_required" boolean default false;
