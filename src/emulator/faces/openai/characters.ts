/** Characters: `POST /videos/characters` (multipart video + name) and `GET /videos/characters/{id}`. */
import type { Hono } from 'hono';
import type { EmulatorCore } from '../../core/core.ts';
import { EmulatorHttpError } from '../../core/http-error.ts';
import { notFoundError } from './errors.ts';
import { rejectUnknown, requireField, stringField } from './fields.ts';
import { readBody } from './request-body.ts';
import { probeUpload } from './source-video.ts';

export interface Character {
  id: string;
  name: string;
  created_at: number;
}

export type CharacterRegistry = Map<string, Character>;

export function mountCharacters(app: Hono, core: EmulatorCore, characters: CharacterRegistry): void {
  app.post('/videos/characters', async (c) => {
    const { fields } = await readBody(c);
    rejectUnknown(fields, ['video', 'name']);
    const name = stringField(fields, 'name', { required: true, minLength: 1, maxLength: 80 })!;
    const video = requireField(fields, 'video');
    if (!(video instanceof File)) {
      throw new EmulatorHttpError({
        status: 400,
        param: 'video',
        code: 'invalid_type',
        message: "Invalid type for 'video': expected a video file upload (multipart/form-data).",
      });
    }
    const upload = await probeUpload(core, video, 'video');
    if (upload.refusal) {
      throw new EmulatorHttpError({
        status: 400,
        param: 'video',
        code: 'moderation_blocked',
        message: 'Character uploads that depict human likeness are blocked.',
      });
    }
    const character: Character = {
      id: core.newId('char_', 16),
      name,
      created_at: Math.floor(core.clock.now() / 1000),
    };
    characters.set(character.id, character);
    return c.json(character);
  });

  app.get('/videos/characters/:characterId', (c) => {
    const id = c.req.param('characterId');
    const character = characters.get(id);
    if (!character) throw notFoundError('Character', id);
    return c.json(character);
  });
}
