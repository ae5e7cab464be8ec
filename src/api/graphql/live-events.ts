import { createPubSub } from 'graphql-yoga';
import type { ResultRecord } from '../../store/results.js';
import type { StoredAssignment } from '../../store/types.js';

/**
 * In-process pub/sub behind the GraphQL subscriptions: the node publishes every committed assignment, and
 * the stored results of the processes someone subscribes to (`watchesResults`), keyed by process; each SSE
 * subscriber iterates the events of one process.
 */
export interface LiveEvents {
  assigned(assignment: StoredAssignment): void;
  evaluated(result: ResultRecord): void;
  assignments(processId: string): AsyncIterable<StoredAssignment>;
  results(processId: string): AsyncIterable<ResultRecord>;
  /** Whether anyone listens to the results of `processId` now (publishing them costs a read). */
  watchesResults(processId: string): boolean;
}

export function createLiveEvents(): LiveEvents {
  /** Open result subscriptions per process. */
  const watchers = new Map<string, number>();
  const pubsub = createPubSub<{
    assigned: [processId: string, payload: StoredAssignment];
    evaluated: [processId: string, payload: ResultRecord];
  }>();
  return {
    assigned: (assignment) => pubsub.publish('assigned', assignment.processId, assignment),
    evaluated: (result) => pubsub.publish('evaluated', result.processId, result),
    assignments: (processId) => pubsub.subscribe('assigned', processId),
    results: (processId) => counted(watchers, processId, pubsub.subscribe('evaluated', processId)),
    watchesResults: (processId) => (watchers.get(processId) ?? 0) > 0,
  };
}

/** `source`, counted in `watchers` under `key` from when it is iterated until it ends or is closed. */
function counted<T>(watchers: Map<string, number>, key: string, source: AsyncIterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      watchers.set(key, (watchers.get(key) ?? 0) + 1);
      let open = true;
      const done = (): void => {
        if (!open) return;
        open = false;
        const left = (watchers.get(key) ?? 1) - 1;
        if (left > 0) watchers.set(key, left);
        else watchers.delete(key);
      };
      return {
        async next() {
          const step = await iterator.next();
          if (step.done === true) done();
          return step;
        },
        async return(value?: unknown) {
          done();
          return (await iterator.return?.(value)) ?? { done: true, value: undefined };
        },
        async throw(error?: unknown) {
          done();
          if (iterator.throw) return iterator.throw(error);
          throw error;
        },
      };
    },
  };
}
