ALTER TABLE "worklist"."consumer_offsets" ADD COLUMN "stream_sequence" bigint;--> statement-breakpoint
ALTER TABLE "worklist"."consumer_offsets" ADD COLUMN "stream" text;