CREATE TABLE "enrollment"."field_office_counts" (
	"field_office_code" text PRIMARY KEY NOT NULL,
	"enrollees" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enrollment"."field_office_counts" ADD CONSTRAINT "field_office_counts_field_office_code_field_offices_code_fk" FOREIGN KEY ("field_office_code") REFERENCES "enrollment"."field_offices"("code") ON DELETE no action ON UPDATE no action;