/**
 * Storage keys are derived by reelgate from ids it made itself, never from input, so a key can
 * never escape the store (no `..`, no absolute paths).
 */
export type FileVariant = 'video' | 'thumbnail' | 'spritesheet';

const extensions: Record<FileVariant, string> = { video: 'mp4', thumbnail: 'webp', spritesheet: 'jpg' };
const idPattern = /^[A-Za-z0-9_-]{1,128}$/;

/** `generations/<id>/video.mp4` etc. The extension follows the content type when known. */
export function generationFileKey(generationId: string, variant: FileVariant, contentType?: string): string {
  if (!idPattern.test(generationId))
    throw new Error(`Refusing to derive a storage key from id ${generationId}`);
  return `generations/${generationId}/${variant}.${extensionFor(variant, contentType)}`;
}

function extensionFor(variant: FileVariant, contentType: string | undefined): string {
  switch (contentType?.split(';')[0]?.trim().toLowerCase()) {
    case 'video/mp4':
      return 'mp4';
    case 'video/webm':
      return 'webm';
    case 'image/webp':
      return 'webp';
    case 'image/jpeg':
      return 'jpg';
    case 'image/png':
      return 'png';
    default:
      return extensions[variant];
  }
}

/** True for keys this module could have produced (checked again before touching the disk). */
export function isSafeKey(key: string): boolean {
  return /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*(\.[a-z0-9]+)?$/.test(key) && !key.includes('..');
}
