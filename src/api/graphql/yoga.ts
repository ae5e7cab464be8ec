import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { isAoliteError } from '../../core/errors.js';
import { packageRoot } from '../../store/package-root.js';
import type { GatewayReads } from '../../store/read/index.js';
import { bodyLimitPlugin } from './body-limit.js';
import type { AoServices, GraphQLContext } from './context.js';
import { defaultGraphQLLimits, type GraphQLLimits, limitPlugins } from './limits.js';
import { createLoaders } from './loaders.js';
import { resolvers } from './resolvers.js';

export interface GraphQLDeps {
  reads: GatewayReads;
  /** The node units behind the ao queries; without them only the gateway dialect answers. */
  services?: AoServices;
  limits?: Partial<GraphQLLimits>;
}

export type GraphQLServer = YogaServerInstance<object, GraphQLContext>;

/** The schema contract, read once from `schema.graphql` at the package root. */
export function loadSchemaSource(): string {
  return readFileSync(join(packageRoot(), 'schema.graphql'), 'utf8');
}

/**
 * The GraphQL endpoint (graphql-yoga) at `/graphql`: POST and GET, GraphiQL for browsers. AoliteErrors
 * thrown by resolvers become GraphQL errors with their message and `extensions.code`; anything else is
 * masked ("Unexpected error.") and logged, so a bad query never crashes the server.
 */
export function createGraphQL(deps: GraphQLDeps): GraphQLServer {
  const limits = { ...defaultGraphQLLimits, ...deps.limits };
  return createYoga<object, GraphQLContext>({
    schema: createSchema<GraphQLContext>({ typeDefs: loadSchemaSource(), resolvers }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL with its scripts inlined (9 MB, loaded on the first browser visit), so it works offline;
    // yoga's default page loads them from unpkg.com.
    renderGraphiQL: async (options) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    // bodyLimitPlugin checks the body instead, without yoga's per-request stream (see body-limit.ts).
    maxRequestBodySize: false,
    // The HTTP app answers CORS for every route (`Access-Control-Allow-Origin: *`); yoga's own would add
    // credentials and Vary headers that contradict it.
    cors: false,
    context: (): GraphQLContext => ({
      reads: deps.reads,
      loaders: createLoaders(deps.reads, deps.services?.ao),
      services: deps.services,
      limits,
      replay: { fields: 0 },
    }),
    plugins: [...limitPlugins(limits), bodyLimitPlugin(limits.maxBodyBytes)],
    // Client mistakes (AoliteErrors: bad cursor, `first` over the cap, ...) are answers, not server faults.
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => console.warn('aolite graphql:', ...args),
      error: (...args: unknown[]) => {
        if (
          args.some(
            (a) => isAoliteError(a) || isAoliteError((a as { originalError?: unknown })?.originalError),
          )
        )
          return;
        console.error('aolite graphql:', ...args);
      },
    },
    maskedErrors: {
      maskError(error, message, isDev) {
        // Duck-typed: executors may build their GraphQLError from another copy of `graphql` (ESM vs CJS).
        const located = error as { originalError?: unknown; nodes?: unknown; path?: unknown };
        const original = located.originalError ?? error;
        if (isAoliteError(original)) {
          return new GraphQLError(original.message, {
            nodes: (located.nodes as GraphQLError['nodes']) ?? null,
            path: (located.path as GraphQLError['path']) ?? undefined,
            extensions: { code: original.code },
          });
        }
        return maskError(error, message, isDev);
      },
    },
  });
}
