-- Audit events are append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION "alerts".refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "alerts".audit_events FOR EACH ROW EXECUTE FUNCTION "alerts".refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "alerts".audit_events FOR EACH STATEMENT EXECUTE FUNCTION "alerts".refuse_audit_change();
