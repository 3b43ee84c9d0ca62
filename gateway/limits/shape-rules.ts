// Depth, alias and directive limits: GraphQL Armor's validation rules, reporting our own error so
// each limit has its own code (Armor's Apollo wrapper reports them all as BAD_USER_INPUT).
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { ValidationRule } from 'graphql';
import type { RequestLimits } from './config.js';
import { LIMIT_CODES, LimitExceededError, type LimitCode } from './errors.js';

/** Armor's message already states the limit and the value found ("... limit of 12 exceeded, found 13."). */
function reportAs(code: LimitCode): GraphQLArmorRejectCallback {
  return (context, error) => context?.reportError(new LimitExceededError(code, error.message.replace(/^Syntax Error: /, '')));
}

const armorOptions = (n: number, code: LimitCode) => ({ n, exposeLimits: true, propagateOnRejection: false, onReject: [reportAs(code)] });

export function shapeLimitRules(limits: Pick<RequestLimits, 'depth' | 'aliases' | 'directives'>): ValidationRule[] {
  return [
    // Depth counts fields: a fragment spread adds the depth of its fields, not a level of its own,
    // so clients that organise queries into fragments are not penalised. Introspection's own
    // nesting (__schema { types { ofType ... } }) is exempt, as Sandbox needs it.
    maxDepthRule({ ...armorOptions(limits.depth, LIMIT_CODES.depth), flattenFragments: true, ignoreIntrospection: true }),
    // Aliases of __typename are not counted (Armor's default allow list): no subgraph does work for them.
    maxAliasesRule(armorOptions(limits.aliases, LIMIT_CODES.aliases)),
    maxDirectivesRule(armorOptions(limits.directives, LIMIT_CODES.directives)),
  ] as ValidationRule[];
}
