CREATE TABLE "enrollment"."name_orders" (
	"enrollee_id" uuid PRIMARY KEY NOT NULL,
	"name_order" text NOT NULL
);
--> statement-breakpoint
-- People already on file get their place in (family name, given name, id) order (shared/order-key.ts keyAt).
INSERT INTO "enrollment"."name_orders" ("enrollee_id", "name_order")
SELECT id, lpad((row_number() OVER (ORDER BY family_name, given_name, id))::text, 9, '0') || '5' FROM "enrollment"."enrollees" ON CONFLICT DO NOTHING;
