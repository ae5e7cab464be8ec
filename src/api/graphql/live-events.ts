import { createPubSub } from 'graphql-yoga';
import type { ResultRecord } from '../../store/results.js';
import type { StoredAssignment } from '../../store/types.js';

/**
 * In-process pub/sub behind the GraphQL subscriptions: the node publishes every committed assignment and
 * every stored result, keyed by process; each SSE subscriber iterates the events of one process.
 */
export interface LiveEvents {
  assigned(assignment: StoredAssignment): void;
  evaluated(result: ResultRecord): void;
  assignments(processId: string): AsyncIterable<StoredAssignment>;
  results(processId: string): AsyncIterable<ResultRecord>;
}

export function createLiveEvents(): LiveEvents {
  const pubsub = createPubSub<{
    assigned: [processId: string, payload: StoredAssignment];
    evaluated: [processId: string, payload: ResultRecord];
  }>();
  return {
    assigned: (assignment) => pubsub.publish('assigned', assignment.processId, assignment),
    evaluated: (result) => pubsub.publish('evaluated', result.processId, result),
    assignments: (processId) => pubsub.subscribe('assigned', processId),
    results: (processId) => pubsub.subscribe('evaluated', processId),
  };
}
