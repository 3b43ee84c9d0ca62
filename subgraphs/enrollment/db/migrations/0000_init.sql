CREATE SCHEMA "enrollment";
--> statement-breakpoint
CREATE TYPE "enrollment"."check_in_cadence" AS ENUM('WEEKLY', 'BIWEEKLY', 'MONTHLY');--> statement-breakpoint
CREATE TYPE "enrollment"."enrollment_status" AS ENUM('ACTIVE', 'TRANSITIONED_OUT', 'TERMINATED', 'ABSCONDED');--> statement-breakpoint
CREATE TYPE "enrollment"."technology" AS ENUM('SMARTLINK', 'GPS_ANKLE_MONITOR', 'VOICE_ID', 'WRISTWORN', 'NO_TECH');--> statement-breakpoint
CREATE TABLE "enrollment"."enrollees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"a_number" char(10) NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date,
	"country_of_citizenship" char(2),
	"preferred_language" text,
	"phone" text,
	"address_line1" text,
	"address_line2" text,
	"city" text,
	"state" char(2),
	"postal_code" text,
	"field_office_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollees_a_number_unique" UNIQUE("a_number")
);
--> statement-breakpoint
CREATE TABLE "enrollment"."enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"technology" "enrollment"."technology" NOT NULL,
	"check_in_cadence" "enrollment"."check_in_cadence" NOT NULL,
	"status" "enrollment"."enrollment_status" NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"daily_cost_cents" integer NOT NULL,
	"is_current" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollment"."field_offices" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"state" char(2) NOT NULL,
	"time_zone" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enrollment"."enrollees" ADD CONSTRAINT "enrollees_field_office_code_field_offices_code_fk" FOREIGN KEY ("field_office_code") REFERENCES "enrollment"."field_offices"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment"."enrollments" ADD CONSTRAINT "enrollments_enrollee_id_enrollees_id_fk" FOREIGN KEY ("enrollee_id") REFERENCES "enrollment"."enrollees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollees_name_idx" ON "enrollment"."enrollees" USING btree ("family_name","given_name","id");--> statement-breakpoint
CREATE INDEX "enrollees_office_name_idx" ON "enrollment"."enrollees" USING btree ("field_office_code","family_name","given_name","id");--> statement-breakpoint
CREATE INDEX "enrollments_enrollee_idx" ON "enrollment"."enrollments" USING btree ("enrollee_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_one_current_idx" ON "enrollment"."enrollments" USING btree ("enrollee_id") WHERE is_current;--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_one_active_idx" ON "enrollment"."enrollments" USING btree ("enrollee_id") WHERE status = 'ACTIVE';--> statement-breakpoint
CREATE VIEW "enrollment"."check_in_terms" AS (select "enrollee_id", "technology", "check_in_cadence", "started_at", "ended_at" from "enrollment"."enrollments");