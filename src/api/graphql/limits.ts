/**
 * Abuse limits, on by default: each refusal is a GraphQL error with a message naming the limit, returned
 * before any resolver runs. `first` (0..1000) and list sizes are checked by paging.ts and filters.ts.
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { Plugin } from 'graphql-yoga';

export interface GraphQLLimits {
  /** Deepest field nesting (introspection excepted). A full gateway transaction query is depth 5. */
  maxDepth: number;
  /** Most aliases in one operation. */
  maxAliases: number;
  /** Most lexical tokens in one document: bounds parse work however the query is written. */
  maxTokens: number;
  /** Largest accepted HTTP body, bytes. */
  maxBodyBytes: number;
  /** Most replay-backed fields (state, stateDiff, verify, tokenBalances) resolved in one request. */
  maxReplayFields: number;
  /** Most slots one replay-backed field may replay (from genesis or the nearest checkpoint). */
  maxReplaySlots: number;
}

export const defaultGraphQLLimits: GraphQLLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxBodyBytes: 64 * 1024,
  maxReplayFields: 4,
  maxReplaySlots: 10_000,
};

export function limitPlugins(limits: GraphQLLimits): Plugin[] {
  return [
    maxDepthPlugin({ n: limits.maxDepth, exposeLimits: true, flattenFragments: true }),
    maxAliasesPlugin({ n: limits.maxAliases, exposeLimits: true }),
    maxTokensPlugin({ n: limits.maxTokens, exposeLimits: true }),
  ] as Plugin[];
}
