/**
 * Writing the index (ftyp + moov) of a progressive MP4 whose samples are already laid out:
 * sample tables, one edit per track (priming / composition delay), chunk offsets. The media
 * bytes themselves are copied by the caller.
 */

export interface OutputChunk {
  firstSample: number;
  count: number;
  /** Absolute file offset of the chunk's first byte. */
  offset: number;
}

export interface OutputTrack {
  kind: 'video' | 'audio';
  trackId: number;
  timescale: number;
  stsd: Uint8Array;
  matrix: Uint8Array;
  widthFixed: number;
  heightFixed: number;
  sizes: number[];
  durations: number[];
  cto: number[];
  /** null = every sample is a sync sample (no stss box). */
  sync: boolean[] | null;
  chunks: OutputChunk[];
  /** Media time at which presentation starts (edit media_time). */
  mediaStart: number;
  /** Presented length in the track timescale (edit duration). */
  presentedDuration: number;
}

export const MOVIE_TIMESCALE = 1000;

/** ftyp for an ISO BMFF / MP4 file with H.264 + AAC (what browsers expect). */
export function ftypBox(): Uint8Array {
  return box('ftyp', text('isom'), u32(0x200), text('isom'), text('iso2'), text('avc1'), text('mp41'));
}

/** The whole moov box. Its size depends only on the sample and chunk counts, not on offset values. */
export function moovBox(tracks: readonly OutputTrack[], wideOffsets: boolean): Uint8Array {
  const movieDuration = Math.max(
    ...tracks.map((track) => Math.ceil((track.presentedDuration * MOVIE_TIMESCALE) / track.timescale)),
  );
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32(0),
    u32(0),
    u32(MOVIE_TIMESCALE),
    u32(movieDuration),
    u32(0x00010000), // rate 1.0
    u16(0x0100), // volume 1.0
    zeros(10),
    identityMatrix(),
    zeros(24),
    u32(Math.max(...tracks.map((track) => track.trackId)) + 1),
  );
  return box('moov', mvhd, ...tracks.map((track) => trakBox(track, wideOffsets)));
}

function trakBox(track: OutputTrack, wideOffsets: boolean): Uint8Array {
  const isVideo = track.kind === 'video';
  const presented = Math.ceil((track.presentedDuration * MOVIE_TIMESCALE) / track.timescale);
  const tkhd = fullBox(
    'tkhd',
    0,
    3, // enabled, in movie
    u32(0),
    u32(0),
    u32(track.trackId),
    u32(0),
    u32(presented),
    zeros(8),
    u16(0), // layer
    u16(isVideo ? 0 : 1), // alternate group
    u16(isVideo ? 0 : 0x0100), // volume
    u16(0),
    track.matrix.byteLength === 36 ? track.matrix : identityMatrix(),
    u32(isVideo ? track.widthFixed : 0),
    u32(isVideo ? track.heightFixed : 0),
  );
  const elst = fullBox('elst', 0, 0, u32(1), u32(presented), i32(track.mediaStart), u32(0x00010000));
  const mediaDuration = track.durations.reduce((sum, value) => sum + value, 0);
  const mdhd = fullBox(
    'mdhd',
    0,
    0,
    u32(0),
    u32(0),
    u32(track.timescale),
    u32(mediaDuration),
    u16(0x55c4),
    u16(0),
  );
  const hdlr = fullBox(
    'hdlr',
    0,
    0,
    u32(0),
    text(isVideo ? 'vide' : 'soun'),
    zeros(12),
    text(isVideo ? 'VideoHandler\0' : 'SoundHandler\0'),
  );
  const mediaHeader = isVideo ? fullBox('vmhd', 0, 1, zeros(8)) : fullBox('smhd', 0, 0, zeros(4));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const stbl = box('stbl', track.stsd, ...sampleTables(track, wideOffsets));
  const minf = box('minf', mediaHeader, dinf, stbl);
  return box('trak', tkhd, box('edts', elst), box('mdia', mdhd, hdlr, minf));
}

function sampleTables(track: OutputTrack, wideOffsets: boolean): Uint8Array[] {
  const tables: Uint8Array[] = [];
  const stts = runs(track.durations);
  tables.push(fullBox('stts', 0, 0, u32(stts.length), packInts(stts.flat(), false)));
  if (track.cto.some((value) => value !== 0)) {
    const ctts = runs(track.cto);
    const negative = track.cto.some((value) => value < 0);
    tables.push(fullBox('ctts', negative ? 1 : 0, 0, u32(ctts.length), packInts(ctts.flat(), true)));
  }
  if (track.sync?.some((value) => !value)) {
    const numbers = track.sync.flatMap((value, index) => (value ? [index + 1] : []));
    tables.push(fullBox('stss', 0, 0, u32(numbers.length), packInts(numbers, false)));
  }
  const stsc: Array<[number, number]> = [];
  for (const [index, chunk] of track.chunks.entries()) {
    const last = stsc.at(-1);
    if (!last || last[1] !== chunk.count) stsc.push([index + 1, chunk.count]);
  }
  tables.push(
    fullBox(
      'stsc',
      0,
      0,
      u32(stsc.length),
      packInts(
        stsc.flatMap(([first, count]) => [first, count, 1]),
        false,
      ),
    ),
  );
  const sizes = new Uint8Array(track.sizes.length * 4);
  const sizeView = new DataView(sizes.buffer);
  for (const [index, size] of track.sizes.entries()) sizeView.setUint32(index * 4, size);
  tables.push(fullBox('stsz', 0, 0, u32(0), u32(track.sizes.length), sizes));
  const offsets = new Uint8Array(track.chunks.length * (wideOffsets ? 8 : 4));
  const offsetView = new DataView(offsets.buffer);
  for (const [index, chunk] of track.chunks.entries()) {
    if (wideOffsets) offsetView.setBigUint64(index * 8, BigInt(chunk.offset));
    else offsetView.setUint32(index * 4, chunk.offset);
  }
  tables.push(fullBox(wideOffsets ? 'co64' : 'stco', 0, 0, u32(track.chunks.length), offsets));
  return tables;
}

/** 32-bit big-endian integers in one buffer (no per-value arrays: tables can hold tens of thousands). */
function packInts(values: readonly number[], signed: boolean): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (const [index, value] of values.entries()) {
    if (signed) view.setInt32(index * 4, value);
    else view.setUint32(index * 4, value >>> 0);
  }
  return out;
}

/** Run-length pairs [count, value]. */
function runs(values: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const value of values) {
    const last = out.at(-1);
    if (last && last[1] === value) last[0]++;
    else out.push([1, value]);
  }
  return out;
}

/** Header of an mdat of `payloadBytes` (64-bit size when needed). */
export function mdatHeader(payloadBytes: number): Uint8Array {
  if (payloadBytes + 8 <= 0xffffffff) return concat([u32(payloadBytes + 8), text('mdat')]);
  const header = new Uint8Array(16);
  const view = new DataView(header.buffer);
  view.setUint32(0, 1);
  header.set(text('mdat'), 4);
  view.setBigUint64(8, BigInt(payloadBytes + 16));
  return header;
}

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const size = 8 + parts.reduce((sum, part) => sum + part.byteLength, 0);
  return concat([u32(size), text(type), ...parts]);
}

function fullBox(type: string, version: number, flags: number, ...parts: Uint8Array[]): Uint8Array {
  return box(type, u32(((version & 0xff) << 24) | (flags & 0xffffff)), ...parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

function i32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value);
  return out;
}

function u16(value: number): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setUint16(0, value);
  return out;
}

function zeros(length: number): Uint8Array {
  return new Uint8Array(length);
}

function text(value: string): Uint8Array {
  return Uint8Array.from(value, (char) => char.charCodeAt(0));
}

function identityMatrix(): Uint8Array {
  return concat([0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32));
}
