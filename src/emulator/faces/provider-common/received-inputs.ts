/**
 * What a face received besides the prompt, kept on the job (`attributes.received`) so tests
 * can see exactly which images reached the provider call (first/last frame, references),
 * identified by the SHA-256 of their bytes.
 */
import { ImageInputError, inspectImageInput } from './image-input.ts';
import type { PolicyVerdict } from '../../core/content-policy.ts';

export interface ReceivedInputs {
  firstFrameSha256: string | null;
  lastFrameSha256: string | null;
  referenceSha256: string[];
}

export interface InspectedInputs {
  received: ReceivedInputs;
  /** The first refusal any image earned (a face in a reference image...). */
  refusal: PolicyVerdict | null;
  /** Size of the first frame, when one was given. */
  firstFrameSize: { width: number; height: number } | null;
}

/** Inspects images given as data URIs, base64 or loopback URLs; throws ImageInputError. */
export async function inspectInputs(
  images: { firstFrame?: string | undefined; lastFrame?: string | undefined; references?: readonly string[] },
  fetchImpl: typeof fetch,
): Promise<InspectedInputs> {
  let refusal: PolicyVerdict | null = null;
  const one = async (value: string) => {
    const inspected = await inspectImageInput(value, fetchImpl);
    refusal ??= inspected.refusal;
    return { sha: inspected.sha256, size: { width: inspected.width, height: inspected.height } };
  };
  const first = images.firstFrame ? await one(images.firstFrame) : null;
  const last = images.lastFrame ? await one(images.lastFrame) : null;
  const references: string[] = [];
  for (const value of images.references ?? []) references.push((await one(value)).sha);
  return {
    received: {
      firstFrameSha256: first?.sha ?? null,
      lastFrameSha256: last?.sha ?? null,
      referenceSha256: references,
    },
    refusal,
    firstFrameSize: first?.size ?? null,
  };
}

export { ImageInputError };
