CREATE SCHEMA "docket";
--> statement-breakpoint
CREATE TYPE "docket"."attendance" AS ENUM('APPEARED', 'FAILED_TO_APPEAR');--> statement-breakpoint
CREATE TYPE "docket"."case_decision" AS ENUM('RELIEF_GRANTED', 'REMOVAL_ORDERED', 'VOLUNTARY_DEPARTURE', 'TERMINATED', 'DISMISSED', 'ADMINISTRATIVELY_CLOSED');--> statement-breakpoint
CREATE TYPE "docket"."case_status" AS ENUM('PENDING', 'COMPLETED');--> statement-breakpoint
CREATE TYPE "docket"."case_type" AS ENUM('REMOVAL', 'ASYLUM_ONLY', 'WITHHOLDING_ONLY');--> statement-breakpoint
CREATE TYPE "docket"."hearing_calendar" AS ENUM('MASTER', 'INDIVIDUAL', 'BOND');--> statement-breakpoint
CREATE TYPE "docket"."hearing_medium" AS ENUM('IN_PERSON', 'VIDEO', 'TELEPHONIC');--> statement-breakpoint
CREATE TYPE "docket"."hearing_status" AS ENUM('SCHEDULED', 'HELD', 'ADJOURNED', 'CANCELLED');--> statement-breakpoint
CREATE TABLE "docket"."cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"a_number" char(10) NOT NULL,
	"case_type" "docket"."case_type" NOT NULL,
	"court_code" text NOT NULL,
	"status" "docket"."case_status" NOT NULL,
	"notice_to_appear_date" date NOT NULL,
	"decision" "docket"."case_decision",
	"in_absentia" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "docket"."courts" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"state" char(2) NOT NULL,
	"time_zone" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "docket"."hearings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"a_number" char(10) NOT NULL,
	"court_code" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"calendar" "docket"."hearing_calendar" NOT NULL,
	"medium" "docket"."hearing_medium" NOT NULL,
	"judge" text,
	"courtroom" text,
	"status" "docket"."hearing_status" NOT NULL,
	"attendance" "docket"."attendance",
	"adjournment_reason" text
);
--> statement-breakpoint
ALTER TABLE "docket"."cases" ADD CONSTRAINT "cases_court_code_courts_code_fk" FOREIGN KEY ("court_code") REFERENCES "docket"."courts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docket"."hearings" ADD CONSTRAINT "hearings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "docket"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docket"."hearings" ADD CONSTRAINT "hearings_court_code_courts_code_fk" FOREIGN KEY ("court_code") REFERENCES "docket"."courts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_a_number_idx" ON "docket"."cases" USING btree ("a_number","notice_to_appear_date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hearings_person_idx" ON "docket"."hearings" USING btree ("a_number","scheduled_at","id");--> statement-breakpoint
CREATE INDEX "hearings_upcoming_idx" ON "docket"."hearings" USING btree ("a_number","scheduled_at") WHERE status = 'SCHEDULED';--> statement-breakpoint
CREATE INDEX "hearings_calendar_idx" ON "docket"."hearings" USING btree ("court_code","scheduled_at","id");--> statement-breakpoint
CREATE INDEX "hearings_case_idx" ON "docket"."hearings" USING btree ("case_id","scheduled_at");