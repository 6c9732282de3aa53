alter table "public"."knowledge" drop constraint if exists "knowledge_check";
