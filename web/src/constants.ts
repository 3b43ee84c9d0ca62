// Strings the browser tests (test/web.e2e.test.ts) look for, written once.

/** The sessionStorage entry holding the signed-in API key. */
export const STORAGE_KEY = 'supervision-gateway.api-key';

/** What a screen shows in place of a field the key may not see. */
export const NOT_AVAILABLE = 'not available with this key';
