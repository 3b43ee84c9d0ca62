CREATE SCHEMA "checkin";
--> statement-breakpoint
CREATE TYPE "checkin"."check_in_method" AS ENUM('APP_PHOTO', 'VOICE_CALL', 'OFFICE_VISIT', 'HOME_VISIT');--> statement-breakpoint
CREATE TYPE "checkin"."identity_verification" AS ENUM('MATCHED', 'NOT_MATCHED', 'INCONCLUSIVE');--> statement-breakpoint
CREATE TABLE "checkin"."check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"method" "checkin"."check_in_method",
	"verification" "checkin"."identity_verification",
	"latitude" double precision,
	"longitude" double precision,
	"accuracy_meters" real,
	"excuse_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "check_ins_window_idx" ON "checkin"."check_ins" USING btree ("enrollee_id","due_at");--> statement-breakpoint
CREATE INDEX "check_ins_last_submitted_idx" ON "checkin"."check_ins" USING btree ("enrollee_id","submitted_at" DESC NULLS LAST) WHERE submitted_at is not null;