/**
 * Abuse limits, on by default: each refusal is a GraphQL error with a message naming the limit, returned
 * before any resolver runs. `first` (0..1000) and list sizes are checked by paging.ts and filters.ts.
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AoliteError } from '../../core/errors.js';

export interface GraphQLLimits {
  /** Deepest field nesting (introspection excepted). A full gateway transaction query is depth 5. */
  maxDepth: number;
  /** Most aliases in one operation. */
  maxAliases: number;
  /** Most lexical tokens in one document: bounds parse work however the query is written. */
  maxTokens: number;
  /** Largest accepted HTTP body, bytes. */
  maxBodyBytes: number;
  /** Most replay-backed fields (state, stateDiff, verify, tokenBalances, audit) resolved in one request. */
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

/**
 * graphql-armor words every refusal as a syntax error ("Syntax Error: Query depth limit of 10 exceeded")
 * without a code; the query is well-formed, it asks too much. Its error is replaced by one with the
 * limit's message and the code the other limits use: reported as a validation error by the depth and
 * alias rules (a rule that throws is answered as "Unexpected error."), thrown as an AoliteError by the
 * token-counting parser.
 */
const limitMessage = (error: GraphQLError): string => error.message.replace(/^Syntax Error: /, '');

const limitError = (error: GraphQLError): GraphQLError =>
  new GraphQLError(limitMessage(error), { extensions: { code: 'LIMIT_EXCEEDED' } });

// The token-counting parser calls with no context, and then throws the error unless told otherwise.
const reportRefusal = (context: ValidationContext | null, error: GraphQLError): void => {
  if (context === null) throw refusal(error);
  context.reportError(limitError(error));
};

/** Thrown while parsing: an AoliteError, which the server's error masking passes on with its code. */
const refusal = (error: GraphQLError): AoliteError => new AoliteError('LIMIT_EXCEEDED', limitMessage(error));

export function limitPlugins(limits: GraphQLLimits): Plugin[] {
  const rule = { exposeLimits: true, onReject: [reportRefusal], propagateOnRejection: false };
  return [
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, ...rule }),
    maxAliasesPlugin({ n: limits.maxAliases, ...rule }),
    maxTokensPlugin({ n: limits.maxTokens, ...rule }),
  ] as Plugin[];
}
