import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { supergraphPath } from './server.js';
import { supergraphForApolloGateway } from './supergraph-security.js';

describe('supergraphForApolloGateway', () => {
  const committed = readFileSync(supergraphPath, 'utf8');

  it('keeps the committed supergraph marking both authorization features for SECURITY', () => {
    expect(committed).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)');
    expect(committed).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)');
  });

  it('hands @apollo/gateway the enforced features without their purpose, directives intact', () => {
    const accepted = supergraphForApolloGateway(committed);
    expect(accepted).not.toContain('for: SECURITY');
    expect(accepted.match(/@requiresScopes\(/g)?.length).toBe(committed.match(/@requiresScopes\(/g)?.length);
  });

  it('refuses a SECURITY feature nothing enforces', () => {
    const withPolicy = committed.replace('@link(url: "https://specs.apollo.dev/link/v1.0")', '$&\n  @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)');
    expect(() => supergraphForApolloGateway(withPolicy)).toThrow(/policy\/v0\.1 for SECURITY/);
  });
});
