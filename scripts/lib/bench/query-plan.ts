// The physical floor's script for one request: Apollo's own query plan for the operation (the
// planner @apollo/gateway runs, on the same supergraph), with each fetch bound to the body our
// gateway actually sent for that variables set. The floor walks this tree (sequence, parallel,
// fetch) and so makes exactly the plan's calls in the plan's order, deterministically; nothing
// is inferred from timings.
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import type { RecordedCall } from './ipc.js';

export type PlanStep =
  | { kind: 'sequence'; steps: PlanStep[] }
  | { kind: 'parallel'; steps: PlanStep[] }
  | { kind: 'fetch'; subgraph: string; body: string };

/** Apollo's plan for an operation on the supergraph (the authorization links' purpose is irrelevant to planning). */
export function queryPlanner(supergraphSdl: string) {
  const supergraph = Supergraph.build(supergraphSdl.replace(/, for: SECURITY\)/g, ')'));
  const planner = new QueryPlanner(supergraph);
  return (document: string): PlanNode | undefined => {
    const node = planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(document))).node;
    if (node?.kind === 'Subscription') throw new Error('subscriptions are not benchmarked');
    return node;
  };
}

/**
 * Binds the plan's fetches to the calls recorded for one request. A fetch with nothing to resolve
 * (no entities reached it) is not sent by the gateway, and the floor leaves it out too. Throws
 * unless every recorded call belongs to exactly one fetch of the plan: the gateway must have run
 * Apollo's plan and nothing else.
 */
export function bindPlan(plan: PlanNode | undefined, calls: readonly RecordedCall[]): PlanStep {
  const unbound = [...calls];
  const bind = (node: PlanNode): PlanStep | null => {
    switch (node.kind) {
      case 'Sequence':
      case 'Parallel': {
        const steps = node.nodes.map(bind).filter((s): s is PlanStep => s !== null);
        return node.kind === 'Sequence' ? { kind: 'sequence', steps } : { kind: 'parallel', steps };
      }
      case 'Flatten':
        return bind(node.node);
      case 'Fetch': {
        const at = unbound.findIndex((c) => c.subgraph === node.serviceName && c.body.query === node.operation);
        if (at < 0) return null;
        const [call] = unbound.splice(at, 1);
        return { kind: 'fetch', subgraph: call!.subgraph, body: JSON.stringify(call!.body) };
      }
      default:
        throw new Error(`query plan node ${node.kind} is not replayed by the floor`);
    }
  };
  const step = plan ? bind(plan) : null;
  if (unbound.length) throw new Error(`${unbound.length} subgraph call(s) (${unbound.map((c) => c.subgraph).join(', ')}) are not in Apollo's query plan`);
  return step ?? { kind: 'sequence', steps: [] };
}

/** Fetches in a bound plan. */
export const fetchCount = (step: PlanStep): number => (step.kind === 'fetch' ? 1 : step.steps.reduce((n, s) => n + fetchCount(s), 0));
