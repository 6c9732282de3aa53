alter table "public"."product_to_features" alter column "models" set not null;
