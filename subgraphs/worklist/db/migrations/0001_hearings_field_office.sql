ALTER TABLE "worklist"."hearings" ADD COLUMN "field_office_code" text;--> statement-breakpoint
CREATE INDEX "hearings_office_scheduled_idx" ON "worklist"."hearings" USING btree ("field_office_code","scheduled_at","hearing_id");--> statement-breakpoint
-- Hearings copied before the column: the office their person's row names now.
UPDATE "worklist"."hearings" h SET "field_office_code" = p."field_office_code"
FROM "worklist"."people" p WHERE p."a_number" = h."a_number" AND p."field_office_code" IS NOT NULL;
