/**
 * Webhook signing secrets. They are generated here (`whsec_` + 32 random bytes in base64, the
 * Standard Webhooks format that `openai.webhooks.unwrap()` also accepts) and shown to the app
 * once. Because reelgate must sign with them later they cannot be hashed; with a configured key
 * (`REELGATE_WEBHOOK_SECRET_KEY`) they are stored encrypted with AES-256-GCM (`enc:v1:...`), so a
 * copy of the database alone does not reveal them. Without a key they are stored as is.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ReelgateError } from '../core/errors.ts';

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A short, safe hint of a secret for listings (`whsec_Ab3d…`). */
export function secretHint(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}

export interface SecretBox {
  seal(secret: string): string;
  open(stored: string): string;
}

const sealedPrefix = 'enc:v1:';

/** Stores secrets as they are (no key configured); refuses to guess at sealed ones. */
export const plainSecretBox: SecretBox = {
  seal: (secret) => secret,
  open(stored) {
    if (stored.startsWith(sealedPrefix)) {
      throw new ReelgateError({
        code: 'internal',
        message: 'A webhook secret is stored encrypted but no REELGATE_WEBHOOK_SECRET_KEY is configured.',
        retryable: false,
      });
    }
    return stored;
  },
};

/** AES-256-GCM with a key derived from `keyMaterial` (any string of reasonable entropy). */
export function createSecretBox(keyMaterial: string | undefined): SecretBox {
  if (!keyMaterial) return plainSecretBox;
  const key = createHash('sha256').update(`reelgate-webhook-secrets-v1\n${keyMaterial}`).digest();
  return {
    seal(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${sealedPrefix}${iv.toString('base64url')}.${sealed.toString('base64url')}.${tag.toString('base64url')}`;
    },
    open(stored) {
      // Secrets written before a key was configured stay readable.
      if (!stored.startsWith(sealedPrefix)) return stored;
      const [iv = '', sealed = '', tag = ''] = stored.slice(sealedPrefix.length).split('.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (error) {
        throw new ReelgateError({
          code: 'internal',
          message: 'A webhook secret could not be decrypted (was REELGATE_WEBHOOK_SECRET_KEY changed?).',
          retryable: false,
          cause: error,
        });
      }
    },
  };
}
