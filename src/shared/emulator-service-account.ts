/**
 * The emulator's own Google service account: a fixed, public, test-only RSA key (never a real
 * credential). The Vertex face accepts OAuth token requests whose JWT assertion this key
 * signed, so reelgate and `@ai-sdk/google-vertex` run their real service-account flow against
 * the emulator.
 */
import { createPublicKey } from 'node:crypto';

export const EMULATOR_SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'reelgate-emulator',
  private_key_id: 'emulator-key-1',
  private_key:
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCr1wDjqhJCwfPL\nbVbJ4l+zfJfNeh2bI48rwrgh4jVBkPiABO0fskCg6R60jm/3Fn/omxB37W/tRoYu\nymPoe5hRX17caPBQ54FUEcezV/r1owCNqbEEb9cjblXtL8zOpXkzB6CKLQ+t2Xfg\nfUNk7rTP8hzi7XWMB4+pRisKB+ZnEi8J2dZjY2J5NJJv6uXiAlZ30S0Ia3r0iYMZ\nqFUTaJhuNO6woOUnACOKHZGKInMDJDijYPMWoK6u3IdiR6W0x4Kll9TP7rTcMQpn\n9MI4pD58Z7rI6TgmZLNfLNzPnLQ1v7CB+/MHyM4RCNl4bOCG6l9WjdVpp2Iz+GPd\nVTDONJVbAgMBAAECggEAP4t7ZbUfmZY1fFWLkY5ny2zYigCNcDA/InSYONd40C02\n58hqk50MLzTlyOkfWGT2meK1vVONX1YECsuHFJKX6gd1gdZAf/qMJbWJfrWbNTi4\n3KoSrsxY515G4jYZ65Tfc9JvOImfUa+ol9hakrl/HaKvse8T19t38aXkBoqTViuV\nHg+OgR6WmjhdVtShPQrLYg9pa2A/vuHZPVjvfPsravlceFk/tVgZWDWmH0Y33ZKc\nnE7kY7xqCrdBJfBxv7Yzv7mPgL0y2gqsr1lymqaxH1xzFEz1ZLrezLCR1DqICI8T\nkRuSqY4Va6J0fdMJ3HgLhXiwNOOFCyOcs0gaDbcGEQKBgQDT3OrlpUu4pN06x/Vz\n6tPO4M6mg5OGtv4tccK5wCMCHkc5iz0ooPA0aL2ghwdOM5t9helD7dnvo3exCckA\nP894JBjgaexE5K6oN6AHgP/MwEp8F05Km1CU5BLjcmV8XnWWA7FUoa1dp27dzjyY\n36xzHNGbo5sBrp+mS4VKDSLR0wKBgQDPo5KPFr+p/WwE8aM9yWEUrz585ebuc0tX\nWr2+KejpY/raqL8TfAouMIssW3FZT+okpIYTFLKddm2TE7Ne50YxjF9ufDS+at1m\nNo/XeuEnUPceFnO1uElUv7StgEgl8iaOj2m62tgb+8mUZUohpuekcWFSZqeYC3tz\n91D7BubxWQKBgD5IGX29JA9519dp5QxYoj+U8uscjwfxT7OIV9hHVYNP51xRRH9n\nIHYnvGcuisVAgptZ/IMNrx21joArAj3ihFkrM2z1dpGiMH4fLBpIn+pPNRZZu5hP\nJFdA3RSkEpWHJ0Yce8sHZHG9wOfPsxy11HpapHv+kpjh/ujiFqL4TZ4lAoGBAJQh\n6zYgEZ7RyFWCmmZDG/pox5jNX8IwCMkKWKGpPpv7EwUaLC9XZ9/qC/AaULRZ+f4o\nTeqg8oi565RpEqebMY25yn+FJw/OJ6N7O4WMCcNF1PbnJ6e2EMLgfaLmCRLhPbap\nA9IlvNXB/N7coFV/wHSl2ruxttEXJ/zkrSZZlzsJAoGAKYqwcBqrP0EyQ32mKmtU\nGgnjo9nq3BoOIcRTajLxkJBgaJ8sWSKU6bLgqwdbVZmJ89sFFfShVIEMLbUdhwNd\nVEFLTVXcTtdykwM9e6k9xfFxDybRw+Vu1JetgE6ql0SP9yhL1F8/4CDlrqAlDwod\n5u7666D9bejffLLVFfJ/eg4=\n-----END PRIVATE KEY-----\n',
  client_email: 'reelgate-emulator@reelgate-emulator.iam.gserviceaccount.com',
  client_id: '100000000000000000001',
  token_uri: 'https://oauth2.googleapis.com/token',
} as const;

let publicKey: ReturnType<typeof createPublicKey> | undefined;

/** The public half of the emulator's key (derived on first use). */
export function emulatorServiceAccountPublicKey(): ReturnType<typeof createPublicKey> {
  publicKey ??= createPublicKey(EMULATOR_SERVICE_ACCOUNT.private_key);
  return publicKey;
}
