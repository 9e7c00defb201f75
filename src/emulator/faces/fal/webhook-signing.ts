/**
 * fal signs webhooks with ED25519: the signature covers
 * `request_id \n user_id \n timestamp \n sha256_hex(body)` and is sent hex-encoded in
 * `X-Fal-Webhook-Signature`; receivers fetch the public keys from a JWKS document. The
 * emulator makes one key pair per process and serves its JWKS at `/fal/.well-known/jwks.json`.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

export const FAL_EMULATOR_USER_ID = 'reelgate-emulator';

export class FalWebhookSigner {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
  }

  /** `{keys: [{kty: "OKP", crv: "Ed25519", x}]}` */
  jwks(): { keys: Array<Record<string, string>> } {
    const jwk = this.#publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
    return {
      keys: [{ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: 'reelgate-emulator', use: 'sig', alg: 'EdDSA' }],
    };
  }

  headers(requestId: string, body: string, nowMs: number): Record<string, string> {
    const timestamp = String(Math.floor(nowMs / 1000));
    const digest = createHash('sha256').update(body).digest('hex');
    const message = Buffer.from([requestId, FAL_EMULATOR_USER_ID, timestamp, digest].join('\n'));
    return {
      'x-fal-webhook-request-id': requestId,
      'x-fal-webhook-user-id': FAL_EMULATOR_USER_ID,
      'x-fal-webhook-timestamp': timestamp,
      'x-fal-webhook-signature': sign(null, message, this.#privateKey).toString('hex'),
    };
  }
}
