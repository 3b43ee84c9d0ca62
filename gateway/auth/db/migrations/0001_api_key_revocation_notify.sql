-- Every change that can end a key's validity (revocation, a new secret, other scopes, kind or
-- organisation, deletion) is announced on the gateway_api_keys channel with the key's id, so every
-- gateway's key cache drops that key at once (gateway/auth/key-cache.ts). Last-use updates are not
-- announced: the trigger fires only for the columns named.
CREATE OR REPLACE FUNCTION "gateway".notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gateway_api_keys', OLD.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER api_keys_notify_change AFTER UPDATE OF revoked_at, secret_hash, scopes, kind, organization_id OR DELETE ON "gateway".api_keys FOR EACH ROW EXECUTE FUNCTION "gateway".notify_api_key_change();
