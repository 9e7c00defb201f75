/**
 * Image format and dimensions from the first bytes of a PNG, JPEG or WebP file, without
 * decoding pixels. Pure: takes bytes, returns a description or null when not recognised.
 */

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageInfo {
  format: ImageFormat;
  mimeType: `image/${ImageFormat}`;
  width: number;
  height: number;
}

/** Recognises PNG, JPEG and WebP (lossy, lossless, extended); null for anything else or truncated data. */
export function probeImage(bytes: Uint8Array): ImageInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (isPng(bytes)) return info('png', view.getUint32(16), view.getUint32(20));
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return probeJpeg(bytes, view);
    if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return probeWebp(bytes, view);
  } catch {
    // RangeError from DataView: truncated header
  }
  return null;
}

function info(format: ImageFormat, width: number, height: number): ImageInfo | null {
  if (width <= 0 || height <= 0) return null;
  return { format, mimeType: `image/${format}`, width, height };
}

function isPng(bytes: Uint8Array): boolean {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return signature.every((byte, index) => bytes[index] === byte) && ascii(bytes, 12, 4) === 'IHDR';
}

function probeJpeg(bytes: Uint8Array, view: DataView): ImageInfo | null {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = view.getUint16(offset + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return info('jpeg', view.getUint16(offset + 7), view.getUint16(offset + 5));
    }
    if (length < 2) return null;
    offset += 2 + length;
  }
  return null;
}

function probeWebp(bytes: Uint8Array, view: DataView): ImageInfo | null {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    // frame tag (3 bytes) + start code 9d 01 2a, then 14-bit width/height
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return null;
    return info('webp', view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) return null;
    const bits = view.getUint32(21, true);
    return info('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const width = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
    const height = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
    return info('webp', width, height);
  }
  return null;
}

/** The file's own end marker is there (a cut-off upload or data: URL lacks it). */
export function isCompleteImage(bytes: Uint8Array, format: ImageFormat): boolean {
  if (format === 'png') {
    // The last chunk is IEND: 4-byte length, 'IEND', 4-byte CRC.
    return ascii(bytes, bytes.length - 8, 4) === 'IEND';
  }
  if (format === 'jpeg') {
    // EOI (FF D9), allowing a little trailing padding some encoders add.
    const tail = bytes.subarray(Math.max(0, bytes.length - 32));
    return tail.some((byte, index) => byte === 0xff && tail[index + 1] === 0xd9);
  }
  // RIFF: the size field counts the bytes after the first 8.
  if (bytes.length < 8) return false;
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  return bytes.length >= declared + 8;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
