ALTER TABLE "legal"."consumer_offsets" ADD COLUMN "stream_sequence" bigint;--> statement-breakpoint
ALTER TABLE "legal"."consumer_offsets" ADD COLUMN "stream" text;