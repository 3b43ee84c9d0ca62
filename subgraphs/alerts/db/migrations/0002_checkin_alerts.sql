CREATE TABLE "alerts"."compliance_levels" (
	"enrollee_id" uuid PRIMARY KEY NOT NULL,
	"level" text,
	"consecutive_misses" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts"."supervised_people" ADD COLUMN "enrollee_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts"."supervised_people" ADD CONSTRAINT "supervised_people_enrollee_key" UNIQUE("enrollee_id");