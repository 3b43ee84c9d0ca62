CREATE SCHEMA "worklist";
--> statement-breakpoint
CREATE TABLE "worklist"."audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"caller_kind" text NOT NULL,
	"caller_id" text NOT NULL,
	"operation" text NOT NULL,
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"enrollee_id" uuid,
	"a_number" char(10),
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist"."consumer_offsets" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_offsets_consumer_source_pk" PRIMARY KEY("consumer","source")
);
--> statement-breakpoint
CREATE TABLE "worklist"."dead_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"sequence" bigint NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"error" text NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist"."hearings" (
	"hearing_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10) NOT NULL,
	"court_code" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist"."missed_check_ins" (
	"enrollee_id" uuid NOT NULL,
	"window_opens_at" timestamp with time zone NOT NULL,
	"window_closes_at" timestamp with time zone NOT NULL,
	CONSTRAINT "missed_check_ins_enrollee_id_window_opens_at_pk" PRIMARY KEY("enrollee_id","window_opens_at")
);
--> statement-breakpoint
CREATE TABLE "worklist"."outbox" (
	"sequence" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "worklist"."outbox_sequence_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "worklist"."partner_clients" (
	"representation_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"a_number" char(10) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist"."people" (
	"enrollee_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10),
	"field_office_code" text,
	"enrollment_id" uuid,
	"technology" text,
	"enrollment_status" text,
	"compliance_level" text,
	"consecutive_misses" integer DEFAULT 0 NOT NULL,
	"last_check_in_at" timestamp with time zone,
	"window_closes_at" timestamp with time zone,
	"next_hearing_id" uuid,
	"next_hearing_at" timestamp with time zone,
	"next_hearing_court_code" text,
	"represented" boolean DEFAULT false NOT NULL,
	"name_order" text DEFAULT '' NOT NULL,
	"level" text DEFAULT 'NOT_SUPERVISED' NOT NULL,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"urgency" integer DEFAULT 0 NOT NULL,
	"hearing_order" timestamp with time zone DEFAULT '9999-12-31T00:00:00Z' NOT NULL,
	"check_in_order" timestamp with time zone DEFAULT 'epoch' NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT 'epoch' NOT NULL,
	"reevaluate_at" timestamp with time zone DEFAULT '9999-12-31T00:00:00Z' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist"."representations" (
	"representation_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist"."scheduled_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_result" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_events_time_idx" ON "worklist"."audit_events" USING btree ("occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_enrollee_idx" ON "worklist"."audit_events" USING btree ("enrollee_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_a_number_idx" ON "worklist"."audit_events" USING btree ("a_number","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "worklist"."dead_letters" USING btree ("consumer","source","sequence");--> statement-breakpoint
CREATE INDEX "hearings_a_number_idx" ON "worklist"."hearings" USING btree ("a_number","scheduled_at");--> statement-breakpoint
CREATE INDEX "hearings_scheduled_idx" ON "worklist"."hearings" USING btree ("scheduled_at","hearing_id");--> statement-breakpoint
CREATE INDEX "missed_check_ins_closes_idx" ON "worklist"."missed_check_ins" USING btree ("enrollee_id","window_closes_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "worklist"."outbox" USING btree ("sequence") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "partner_clients_organization_idx" ON "worklist"."partner_clients" USING btree ("organization_id","a_number");--> statement-breakpoint
CREATE INDEX "people_a_number_idx" ON "worklist"."people" USING btree ("a_number");--> statement-breakpoint
CREATE INDEX "people_office_urgency_idx" ON "worklist"."people" USING btree ("field_office_code","urgency" DESC NULLS LAST,"hearing_order","enrollee_id");--> statement-breakpoint
CREATE INDEX "people_office_hearing_idx" ON "worklist"."people" USING btree ("field_office_code","hearing_order","enrollee_id");--> statement-breakpoint
CREATE INDEX "people_office_check_in_idx" ON "worklist"."people" USING btree ("field_office_code","check_in_order","enrollee_id");--> statement-breakpoint
CREATE INDEX "people_office_name_idx" ON "worklist"."people" USING btree ("field_office_code","name_order","enrollee_id");--> statement-breakpoint
CREATE INDEX "people_name_idx" ON "worklist"."people" USING btree ("name_order","enrollee_id");--> statement-breakpoint
CREATE INDEX "people_urgency_idx" ON "worklist"."people" USING btree ("urgency" DESC NULLS LAST,"hearing_order","enrollee_id");--> statement-breakpoint
CREATE INDEX "people_hearing_idx" ON "worklist"."people" USING btree ("hearing_order","enrollee_id");--> statement-breakpoint
CREATE INDEX "people_check_in_idx" ON "worklist"."people" USING btree ("check_in_order","enrollee_id");--> statement-breakpoint
CREATE INDEX "people_office_level_idx" ON "worklist"."people" USING btree ("field_office_code","level");--> statement-breakpoint
CREATE INDEX "people_reevaluate_idx" ON "worklist"."people" USING btree ("reevaluate_at");--> statement-breakpoint
CREATE INDEX "representations_a_number_idx" ON "worklist"."representations" USING btree ("a_number");