/**
 * Favourites: `GET /v1/favorites`, `PUT /v1/favorites/{generation_id}`,
 * `DELETE /v1/favorites/{generation_id}`, behind the gateway's bearer auth.
 * A favourite is per account and disappears with its generation.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { favoriteListSchema, favoriteSchema } from '../../contract/favorites.ts';
import { notFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/db.ts';
import { addFavorite, listFavorites, removeFavorite } from '../../db/queries/favorites.ts';
import type { GatewayApp, RouteContext } from '../app.ts';
import { jsonResponse } from '../openapi/responses.ts';

const tags = ['Generations'];
const params = z.object({ generation_id: z.string().describe('The generation id.') });

export const listFavoritesRoute = createRoute({
  method: 'get',
  path: '/v1/favorites',
  operationId: 'listFavorites',
  summary: "The account's favourite generations, newest first",
  tags,
  responses: { 200: jsonResponse(favoriteListSchema, 'The favourites.') },
});

export const addFavoriteRoute = createRoute({
  method: 'put',
  path: '/v1/favorites/{generation_id}',
  operationId: 'addFavorite',
  summary: 'Marks a generation as a favourite (idempotent)',
  tags,
  request: { params },
  responses: {
    200: jsonResponse(favoriteSchema, 'Marked.'),
    404: { description: 'No generation with this id in the account.' },
  },
});

export const removeFavoriteRoute = createRoute({
  method: 'delete',
  path: '/v1/favorites/{generation_id}',
  operationId: 'removeFavorite',
  summary: 'Removes a generation from the favourites (idempotent)',
  tags,
  request: { params },
  responses: { 200: jsonResponse(favoriteSchema, 'Removed.') },
});

export function registerFavoriteRoutes(app: GatewayApp, context: RouteContext, db: Queryable): void {
  const { auth, clock } = context;
  // Every path under /v1/favorites asks for a key first (unknown ones included).
  app.use('/v1/favorites', auth);
  app.use('/v1/favorites/*', auth);
  app.openapi(listFavoritesRoute, async (c) => {
    const rows = await listFavorites(db, c.get('account').id);
    return c.json(
      {
        object: 'list' as const,
        data: rows.map((row) => ({
          generation_id: row.generationId,
          created_at: Math.floor(row.createdAt / 1000),
        })),
      },
      200,
    );
  });
  app.openapi(addFavoriteRoute, async (c) => {
    const id = c.req.valid('param').generation_id;
    if (!(await addFavorite(db, c.get('account').id, id, clock.now()))) throw notFound('generation');
    return c.json({ object: 'favorite' as const, generation_id: id, favorite: true }, 200);
  });
  app.openapi(removeFavoriteRoute, async (c) => {
    const id = c.req.valid('param').generation_id;
    await removeFavorite(db, c.get('account').id, id);
    return c.json({ object: 'favorite' as const, generation_id: id, favorite: false }, 200);
  });
}
