// The instance configuration: every key, its form and its default. Defaults
// give a working instance with no configuration at all.

import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
/** A boolean that may come from the environment as "true"/"false"/"1"/"0". */
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');

export const ConfigSchema = z.object({
  env: z.enum(['development', 'production', 'test']).default('development'),
  port: port.default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  /** The URL people and other servers reach this instance at. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** `sqlite:<path>` (default), `sqlite::memory:`, or `postgres://…`. */
  databaseUrl: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/meadow.db'),
  redisUrl: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  mediaDir: z.string().min(1).default('./data/media'),
  /** Secret for signing cursors and tokens; generated and stored on first start when unset. */
  secret: z.string().min(32, 'must be at least 32 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  plugins: z
    .object({
      /** Plugin names to turn on; "all" turns on every plugin found. */
      enabled: z.union([z.literal('all'), z.array(z.string())]).default('all'),
      disabled: z.array(z.string()).default([]),
      /** Extra plugins: a path to a folder or file, or an npm package name. */
      extra: z.array(z.string()).default([]),
      /** Where plugins are looked for (relative to the working directory); default: the plugins/ folder beside core/. */
      dir: z.string().optional(),
    })
    .prefault({}),
  limits: z
    .object({
      bodyBytes: z.number().int().positive().default(1_048_576),
      uploadBytes: z.number().int().positive().default(20 * 1_048_576),
      /** Largest video upload (videos are kept as uploaded; images stay under uploadBytes). */
      videoBytes: z.number().int().positive().default(200 * 1_048_576),
      imagePixels: z.number().int().positive().default(40_000_000),
      graphqlDepth: z.number().int().positive().default(12),
      graphqlCost: z.number().int().positive().default(5_000),
    })
    .prefault({}),
  rateLimits: z
    .object({
      /** Sign-in and sign-up attempts per client address and window. */
      authMax: z.number().int().positive().default(10),
      authWindowMs: z.number().int().positive().default(60_000),
    })
    .prefault({}),
  jobs: z
    .object({
      /** Run the job worker in this process. */
      worker: z.boolean().default(true),
      pollMs: z.number().int().positive().default(500),
      concurrency: z.number().int().positive().default(4),
    })
    .prefault({}),
  hooks: z
    .object({
      /** An event handler running longer than this is abandoned and counted as a timeout. */
      handlerTimeoutMs: z.number().int().positive().default(10_000),
    })
    .prefault({}),
  federation: z
    .object({
      /**
       * Let Fedify fetch private and loopback addresses (10.x, 127.0.0.1 …).
       * Only for tests and local demos: on a public server it opens SSRF.
       */
      allowPrivateAddresses: flag.default(false),
      /** Whole-fetch time limit for remote documents (actors, keys, objects, WebFinger), redirects included. */
      fetchTimeoutMs: z.coerce.number().int().positive().default(10_000),
      /** Largest remote document body read; bigger ones are refused. */
      fetchMaxBytes: z.coerce.number().int().positive().default(1_048_576),
      /** Redirects followed per remote fetch. */
      fetchMaxRedirects: z.coerce.number().int().min(0).max(20).default(5),
      /** Actor, collection and object GETs need a valid HTTP signature (the instance actor stays open). */
      authorizedFetch: flag.default(false),
      /** Where Fedify's message queue lives: the database job queue, or Redis (redisUrl) for several nodes. */
      queue: z.enum(['database', 'redis']).default('database'),
    })
    .prefault({}),
  /** Open GraphiQL at /graphql in a browser. Defaults to on outside production. */
  graphiql: z.boolean().optional(),
});

export type MeadowConfigInput = z.input<typeof ConfigSchema>;
export type MeadowConfig = z.output<typeof ConfigSchema> & { publicUrl: string };
