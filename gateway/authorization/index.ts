// Field-level authorization at the gateway, from the supergraph's Federation directives.
export { authorizationPlugin } from './plugin.js';
export { rulesFromSupergraph, type AuthorizationRules } from './rules.js';
