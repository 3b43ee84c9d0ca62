CREATE SCHEMA "gateway";
--> statement-breakpoint
CREATE TYPE "gateway"."caller_kind" AS ENUM('staff', 'partner', 'developer');--> statement-breakpoint
CREATE TABLE "gateway"."api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "gateway"."caller_kind" NOT NULL,
	"scopes" text[] NOT NULL,
	"organization_id" uuid,
	"secret_hash" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "api_keys_active_idx" ON "gateway"."api_keys" USING btree ("kind") WHERE revoked_at is null;