/** Schemas of `/v1/favorites`: an account's favourite generations. */
import { z } from 'zod';
import { named } from './named.ts';

export const favoriteListSchema = named(
  'FavoriteList',
  z.looseObject({
    object: z.literal('list'),
    data: z.array(z.looseObject({ generation_id: z.string(), created_at: z.int() })),
  }),
  "The account's favourite generations, newest first.",
);

export const favoriteSchema = named(
  'Favorite',
  z.looseObject({ object: z.literal('favorite'), generation_id: z.string(), favorite: z.boolean() }),
);

export type FavoriteList = z.infer<typeof favoriteListSchema>;
export type Favorite = z.infer<typeof favoriteSchema>;
