/**
 * The gateway's HTTP API: `createHttpApp(deps)` returns a Hono app with every route, middleware
 * and the central error mapper. It performs no I/O of its own at creation time; everything it
 * touches comes in through `HttpDeps`.
 *
 * @example
 * const app = createHttpApp({ service, accounts, config: { signingSecret } });
 * serve({ fetch: app.fetch, port: 8787 }); // @hono/node-server
 */
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AccountStore } from '../auth/account.ts';
import type { Clock } from '../core/clock.ts';
import { quoteInput, ReelgateError } from '../core/errors.ts';
import type { GenerationService } from '../core/generation.ts';
import type { IdempotencyStore } from '../core/idempotency-store.ts';
import type { Queryable } from '../db/db.ts';
import type { PlanningService } from '../core/planning.ts';
import { systemClock } from '../shared/system-clock.ts';
import type { AppEnv } from './env.ts';
import { createErrorHandler, errorResponse } from './error-handler.ts';
import { type HttpLogger, silentLogger } from './logger.ts';
import { bearerAuth } from './middleware/auth.ts';
import { bodyLimit, defaultUploadLimitBytes } from './middleware/body-limit.ts';
import { idempotency } from './middleware/idempotency.ts';
import { corsPolicy } from './middleware/cors.ts';
import { refuseNulInUrl } from './middleware/input-sanity.ts';
import { defaultRateLimitPerMinute, KeyRateLimiter } from './middleware/rate-limit.ts';
import { requestId } from './middleware/request-id.ts';
import { requestLogger } from './middleware/request-logger.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { createOpenApiApp } from './openapi/openapi-app.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAssetRoutes } from './routes/assets.ts';
import type { AssetService } from '../core/assets.ts';
import { registerDocsRoutes } from './routes/docs.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerFileRoutes } from './routes/files.ts';
import { registerFavoriteRoutes } from './routes/favorites.ts';
import { type DefaultModelsDeps, registerDefaultModelRoutes } from './routes/default-models.ts';
import { registerGenerationRoutes } from './routes/generations.ts';
import { registerModelRoutes } from './routes/models-mount.ts';
import { registerPlanningRoutes } from './routes/planning.ts';
import { registerRootRoutes } from './routes/root.ts';
import { registerSeedRoutes } from './routes/seed.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerVideoRoutes } from './routes/videos.ts';
import { webhookRoutesFor } from './routes/webhooks.ts';
import type { Webhooks } from '../webhooks/setup.ts';
import { createFileLinker, type FileLinker } from '../shared/signed-links.ts';

export interface HttpConfig {
  /** Origins allowed cross-origin access (REELGATE_CORS_ORIGINS); `*` for any. Default: none. */
  corsOrigins?: readonly string[] | undefined;
  /** Largest request body accepted, enforced while streaming (413 beyond). Default 50 MiB. */
  uploadLimitBytes?: number | undefined;
  /** Base of the absolute URLs reelgate hands out (`data.url`); default: the request's origin. */
  publicBaseUrl?: string | undefined;
  /** Secret for signed file links (persisted in the data dir or configured). */
  signingSecret: string;
  /** True when generations run on the built-in emulator; announced in a response header. */
  emulated?: boolean | undefined;
  /** The studio's production build; default `<repo>/web/dist` (served when it exists). */
  webDistDir?: string | undefined;
  /** Version shown in the OpenAPI document and health answers. */
  version?: string | undefined;
  /** Heartbeat interval of Server-Sent-Event streams. Default 15 s. */
  sseHeartbeatMs?: number | undefined;
  /** Requests per minute per API key (REELGATE_RATE_LIMIT_PER_MINUTE); 0 turns it off. Default 1200. */
  rateLimitPerMinute?: number | undefined;
  /** The local user's key handed to loopback browsers by `GET /v1/session/local`; unset turns it off. */
  localSessionKey?: string | undefined;
}

export interface HttpDeps {
  service: GenerationService;
  /** Where `Idempotency-Key`s of billable creates are kept; without it the header is ignored. */
  idempotency?: IdempotencyStore | undefined;
  /** Storyboards, estimates, prompt help, usage and limits; their routes exist only with it. */
  planning?: PlanningService | undefined;
  accounts: AccountStore;
  config: HttpConfig;
  clock?: Clock | undefined;
  logger?: HttpLogger | undefined;
  /** Verifies and applies a provider's webhook; answered with the returned status. */
  providerWebhooks?:
    | { handle(provider: string, headers: Headers, rawBody: string): Promise<{ status: number }> }
    | undefined;
  /** Prometheus text for `GET /metrics`. */
  metrics?: { render(): string | Promise<string> } | undefined;
  /** Readiness for `GET /readyz` (database reachable, worker running...). Default: ready. */
  readiness?: (() => Promise<boolean>) | undefined;
  /** `GET /v1/models`: the catalog and the providers configured in this process. */
  models?: Parameters<typeof registerModelRoutes>[2] | undefined;
  /** `/v1/favorites`: the account's favourite generations, kept in this database. */
  favorites?: { db: Queryable } | undefined;
  /** `/v1/assets`: the account's reusable reference images; the routes exist only with it. */
  assets?: AssetService | undefined;
  /** `/v1/account/default-models`: the account's default fallback list of models. */
  defaultModels?: DefaultModelsDeps | undefined;
  /** `/v1/webhooks`: apps' webhook endpoints (src/webhooks); absent when webhooks are off. */
  webhooks?: Webhooks | undefined;
}

/** What each route file receives. */
export interface RouteContext {
  deps: HttpDeps;
  config: Omit<HttpConfig, 'uploadLimitBytes' | 'sseHeartbeatMs' | 'webDistDir' | 'version'> & {
    uploadLimitBytes: number;
    sseHeartbeatMs: number;
    webDistDir: string;
    version: string;
  };
  clock: Clock;
  logger: HttpLogger;
  /** Middleware requiring a valid API key. */
  auth: ReturnType<typeof bearerAuth>;
  /** Middleware requiring an admin API key. */
  adminAuth: ReturnType<typeof bearerAuth>;
  /** `Idempotency-Key` handling of billable creates (after `auth`). */
  idempotent: MiddlewareHandler<AppEnv>;
  /** Signed-link builder for the current request's base URL. */
  linkerFor(c: { req: { url: string } }): FileLinker;
}

export const defaultWebDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The gateway's app type: routes are declared with `app.openapi(createRoute(...), handler)`. */
export type GatewayApp = OpenAPIHono<AppEnv>;

export function createHttpApp(deps: HttpDeps): GatewayApp {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const config = {
    ...deps.config,
    uploadLimitBytes: deps.config.uploadLimitBytes ?? defaultUploadLimitBytes,
    sseHeartbeatMs: deps.config.sseHeartbeatMs ?? 15_000,
    webDistDir: deps.config.webDistDir ?? defaultWebDistDir,
    version: deps.config.version ?? '0.1.0',
  };
  const rateLimiter = new KeyRateLimiter({
    perMinute: config.rateLimitPerMinute ?? defaultRateLimitPerMinute,
    clock,
  });
  const fixedLinker = config.publicBaseUrl
    ? createFileLinker(config.publicBaseUrl, config.signingSecret)
    : undefined;
  const context: RouteContext = {
    deps,
    config,
    clock,
    logger,
    auth: bearerAuth({ accounts: deps.accounts, rateLimiter }),
    adminAuth: bearerAuth({ accounts: deps.accounts, adminOnly: true, rateLimiter }),
    idempotent: idempotency({ store: deps.idempotency, clock }),
    linkerFor: (c) => fixedLinker ?? createFileLinker(new URL(c.req.url).origin, config.signingSecret),
  };

  const app = createOpenApiApp();
  app.use(requestId());
  app.use(requestLogger({ logger, clock }));
  app.use(securityHeaders({ extraOrigins: config.publicBaseUrl ? [config.publicBaseUrl] : [] }));
  app.use(corsPolicy({ origins: config.corsOrigins ?? [] }));
  app.use(bodyLimit({ maxBytes: config.uploadLimitBytes }));
  app.use(refuseNulInUrl());
  if (config.emulated) {
    app.use(async function emulatorNotice(c, next) {
      await next();
      c.header('x-reelgate-emulator', 'true');
    });
  }

  registerSystemRoutes(app, context);
  registerSeedRoutes(app, context);
  registerVideoRoutes(app, context);
  registerGenerationRoutes(app, context);
  registerPlanningRoutes(app, context);
  registerEventRoutes(app, context);
  registerFileRoutes(app, context);
  registerAdminRoutes(app, context);
  registerSessionRoutes(app, context);
  if (deps.models) registerModelRoutes(app, context, deps.models);
  if (deps.favorites) registerFavoriteRoutes(app, context, deps.favorites.db);
  if (deps.assets) registerAssetRoutes(app, context, deps.assets);
  if (deps.defaultModels) registerDefaultModelRoutes(app, context, deps.defaultModels);
  if (deps.webhooks) app.route('/v1/webhooks', webhookRoutesFor(deps.webhooks, { auth: context.auth }));
  registerDocsRoutes(app, context);
  // Last: the studio's SPA fallback answers any other GET.
  registerRootRoutes(app, context);

  app.notFound((c) =>
    errorResponse(
      c,
      new ReelgateError({
        code: 'not_found',
        message: `Unknown route: ${c.req.method} ${quoteInput(c.req.path, 200)}.`,
      }),
    ),
  );
  app.onError(createErrorHandler(logger));
  return app;
}
