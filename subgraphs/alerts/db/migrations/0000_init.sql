CREATE SCHEMA "alerts";
--> statement-breakpoint
CREATE TYPE "alerts"."delivery_status" AS ENUM('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "alerts"."endpoint_status" AS ENUM('ACTIVE', 'DISABLED');--> statement-breakpoint
CREATE TABLE "alerts"."audit_events" (
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
CREATE TABLE "alerts"."consumer_offsets" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_offsets_consumer_source_pk" PRIMARY KEY("consumer","source")
);
--> statement-breakpoint
CREATE TABLE "alerts"."dead_letters" (
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
CREATE TABLE "alerts"."deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"source_event_id" uuid,
	"a_number" char(10),
	"body" text NOT NULL,
	"status" "alerts"."delivery_status" DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_response_status" integer,
	"last_error" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_endpoint_event_key" UNIQUE("endpoint_id","source_event_id","event_type")
);
--> statement-breakpoint
CREATE TABLE "alerts"."outbox" (
	"sequence" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alerts"."outbox_sequence_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "alerts"."partner_clients" (
	"representation_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"a_number" char(10) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts"."supervised_people" (
	"a_number" char(10) PRIMARY KEY NOT NULL,
	"field_office_code" text NOT NULL,
	"active" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts"."webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"field_office_code" text,
	"url" text NOT NULL,
	"description" text NOT NULL,
	"event_types" text[] NOT NULL,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_until" timestamp with time zone,
	"status" "alerts"."endpoint_status" DEFAULT 'ACTIVE' NOT NULL,
	"disabled_reason" text,
	"disabled_at" timestamp with time zone,
	"failing_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts"."deliveries" ADD CONSTRAINT "deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "alerts"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_time_idx" ON "alerts"."audit_events" USING btree ("occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_enrollee_idx" ON "alerts"."audit_events" USING btree ("enrollee_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_a_number_idx" ON "alerts"."audit_events" USING btree ("a_number","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "alerts"."dead_letters" USING btree ("consumer","source","sequence");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "alerts"."deliveries" USING btree ("next_attempt_at") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "deliveries_endpoint_idx" ON "alerts"."deliveries" USING btree ("endpoint_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "alerts"."outbox" USING btree ("sequence") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "partner_clients_organization_idx" ON "alerts"."partner_clients" USING btree ("organization_id","a_number");--> statement-breakpoint
CREATE INDEX "supervised_people_field_office_idx" ON "alerts"."supervised_people" USING btree ("field_office_code");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_organization_idx" ON "alerts"."webhook_endpoints" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_field_office_idx" ON "alerts"."webhook_endpoints" USING btree ("field_office_code","created_at","id");