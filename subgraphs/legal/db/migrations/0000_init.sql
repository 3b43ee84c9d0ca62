CREATE SCHEMA "legal";
--> statement-breakpoint
CREATE TYPE "legal"."organization_kind" AS ENUM('RECOGNIZED_NONPROFIT', 'LAW_FIRM');--> statement-breakpoint
CREATE TYPE "legal"."representation_form" AS ENUM('EOIR_28', 'G_28');--> statement-breakpoint
CREATE TYPE "legal"."representation_scope" AS ENUM('ALL_PROCEEDINGS', 'CUSTODY_AND_BOND_ONLY', 'LIMITED');--> statement-breakpoint
CREATE TYPE "legal"."representative_kind" AS ENUM('ATTORNEY', 'ACCREDITED_REPRESENTATIVE');--> statement-breakpoint
CREATE TABLE "legal"."organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "legal"."organization_kind" NOT NULL,
	"city" text NOT NULL,
	"state" char(2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal"."representations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"a_number" char(10) NOT NULL,
	"case_id" uuid,
	"representative_id" uuid NOT NULL,
	"organization_id" uuid,
	"form" "legal"."representation_form" NOT NULL,
	"scope" "legal"."representation_scope" NOT NULL,
	"is_primary" boolean NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "legal"."representatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"kind" "legal"."representative_kind" NOT NULL,
	"bar_number" text,
	"eoir_id" text NOT NULL,
	"organization_id" uuid,
	CONSTRAINT "representatives_eoir_id_unique" UNIQUE("eoir_id")
);
--> statement-breakpoint
ALTER TABLE "legal"."representations" ADD CONSTRAINT "representations_representative_id_representatives_id_fk" FOREIGN KEY ("representative_id") REFERENCES "legal"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal"."representations" ADD CONSTRAINT "representations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "legal"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal"."representatives" ADD CONSTRAINT "representatives_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "legal"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organizations_name_idx" ON "legal"."organizations" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "representations_person_idx" ON "legal"."representations" USING btree ("a_number","filed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "representations_case_idx" ON "legal"."representations" USING btree ("case_id") WHERE withdrawn_at is null;--> statement-breakpoint
CREATE INDEX "representations_clients_idx" ON "legal"."representations" USING btree ("organization_id","a_number") WHERE withdrawn_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "representations_one_primary_idx" ON "legal"."representations" USING btree ("case_id") WHERE is_primary and withdrawn_at is null and case_id is not null;--> statement-breakpoint
CREATE INDEX "representatives_organization_idx" ON "legal"."representatives" USING btree ("organization_id","family_name");