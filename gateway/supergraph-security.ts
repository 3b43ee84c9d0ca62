// The committed supergraph marks Federation's authorization features `for: SECURITY`, which tells
// any runtime that does not enforce them to refuse the schema. @apollo/gateway enforces none and has
// no option to declare support, so it would refuse to start. These two are enforced for it: every
// subgraph applies @requiresScopes/@authenticated to its own fields (subgraphs/shared/field-scopes.ts, with the rules read by kit/graphql/scope-directives.ts),
// and the gateway's own enforcement before planning plugs in beside this. Any other SECURITY feature
// (a future @policy, say) is still refused, so nothing unenforced is ever loaded.
const ENFORCED = ['https://specs.apollo.dev/requiresScopes/v0.1', 'https://specs.apollo.dev/authenticated/v0.1'];

/** The supergraph as @apollo/gateway accepts it: the enforced SECURITY features without their purpose. */
export function supergraphForApolloGateway(sdl: string): string {
  let accepted = sdl;
  for (const url of ENFORCED) accepted = accepted.replace(`@link(url: "${url}", for: SECURITY)`, `@link(url: "${url}")`);
  const unenforced = /@link\(url: "([^"]+)"[^)]*for: SECURITY/.exec(accepted);
  if (unenforced) throw new Error(`The supergraph links ${unenforced[1]} for SECURITY, which this gateway does not enforce`);
  return accepted;
}
