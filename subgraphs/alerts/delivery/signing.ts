// Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp`
// and `webhook-signature` (v1, HMAC-SHA256 over id.timestamp.body), computed by the reference
// library. During a rotation's overlap the old secret signs too (space-separated signatures, as the
// spec allows), so a receiver that has not switched yet still verifies.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret: `whsec_` and 32 random bytes in base64, the form the libraries accept. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const webhookId = (deliveryId: string) => `msg_${deliveryId.replace(/-/g, '')}`;

export function signedHeaders(deliveryId: string, body: string, secrets: readonly string[], at = new Date()): Record<string, string> {
  const id = webhookId(deliveryId);
  // The spec's timestamp is whole seconds; the library signs with the same rounding.
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  const signature = secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body)).join(' ');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp.getTime() / 1000), 'webhook-signature': signature };
}
