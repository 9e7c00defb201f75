/**
 * Reading an MP4's sample tables directly (moov only, no media data): per sample its byte
 * offset and size in the file, decode time, composition offset and sync flag, in the track's
 * own timescale. This is what lets the stitcher copy media bytes in large ranges instead of
 * packet by packet. Handles the common progressive layout (stco/co64, stsz, stsc, stts, ctts,
 * stss, one elst edit); returns null for anything else (fragmented files, several edits) so
 * the caller can take the general path.
 */
import { open } from 'node:fs/promises';

export interface Mp4Track {
  kind: 'video' | 'audio';
  trackId: number;
  timescale: number;
  /** Raw bytes of the stsd box (sample entry with avcC/esds...), copied as is. */
  stsd: Uint8Array;
  /** tkhd matrix (36 bytes) and 16.16 width/height, for the output's tkhd. */
  matrix: Uint8Array;
  widthFixed: number;
  heightFixed: number;
  /** Media time where presentation starts (the single edit's media_time; 0 without an edit). */
  mediaStart: number;
  /** The edit's duration in this track's timescale, or null without an edit. */
  editDuration: number | null;
  offsets: number[];
  sizes: number[];
  /** Decode times. */
  dts: number[];
  /** Decode durations (stts deltas). */
  durations: number[];
  /** Composition offsets (ctts), all 0 when absent. */
  cto: number[];
  sync: boolean[];
}

export interface Mp4Layout {
  movieTimescale: number;
  video: Mp4Track;
  audio: Mp4Track | null;
}

interface Box {
  type: string;
  /** Start of the payload (after the header). */
  start: number;
  end: number;
}

/** Parses the file's moov, or returns null when its layout is not one this reader handles. */
export async function readMp4Layout(path: string): Promise<Mp4Layout | null> {
  const moov = await readTopLevelBox(path, 'moov');
  if (!moov) return null;
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const top = children(view, 0, moov.byteLength);
  if (top.some((box) => box.type === 'mvex')) return null; // fragmented
  const mvhd = top.find((box) => box.type === 'mvhd');
  if (!mvhd) return null;
  const movieTimescale =
    view.getUint8(mvhd.start) === 1 ? view.getUint32(mvhd.start + 20) : view.getUint32(mvhd.start + 12);
  let video: Mp4Track | null = null;
  let audio: Mp4Track | null = null;
  for (const trak of top.filter((box) => box.type === 'trak')) {
    const track = readTrack(moov, view, trak, movieTimescale);
    if (track === undefined) return null;
    if (track === null) continue;
    if (track.kind === 'video') {
      if (video) return null;
      video = track;
    } else {
      if (audio) return null;
      audio = track;
    }
  }
  if (!video || video.sizes.length === 0) return null;
  return { movieTimescale, video, audio };
}

/** A track's tables; null for tracks that are neither video nor audio; undefined when unsupported. */
function readTrack(
  bytes: Uint8Array,
  view: DataView,
  trak: Box,
  movieTimescale: number,
): Mp4Track | null | undefined {
  const parts = children(view, trak.start, trak.end);
  const tkhd = find(parts, 'tkhd');
  const mdia = find(parts, 'mdia');
  if (!tkhd || !mdia) return undefined;
  const mdiaParts = children(view, mdia.start, mdia.end);
  const mdhd = find(mdiaParts, 'mdhd');
  const hdlr = find(mdiaParts, 'hdlr');
  const minf = find(mdiaParts, 'minf');
  if (!mdhd || !hdlr || !minf) return undefined;
  const handler = ascii(bytes, hdlr.start + 8, 4);
  if (handler !== 'vide' && handler !== 'soun') return null;
  const stbl = find(children(view, minf.start, minf.end), 'stbl');
  if (!stbl) return undefined;
  const tables = children(view, stbl.start, stbl.end);
  const stsd = find(tables, 'stsd');
  const stts = find(tables, 'stts');
  const stsz = find(tables, 'stsz');
  const stsc = find(tables, 'stsc');
  const stco = find(tables, 'stco') ?? find(tables, 'co64');
  if (!stsd || !stts || !stsz || !stsc || !stco) return undefined;
  if (view.getUint32(stsd.start + 4) !== 1) return undefined; // one sample description only

  const tkhdVersion = view.getUint8(tkhd.start);
  const trackId = view.getUint32(tkhd.start + (tkhdVersion === 1 ? 20 : 12));
  const afterDuration = tkhd.start + (tkhdVersion === 1 ? 36 : 24);
  const matrix = bytes.slice(afterDuration + 16, afterDuration + 52);
  const widthFixed = view.getUint32(afterDuration + 52);
  const heightFixed = view.getUint32(afterDuration + 56);
  const timescale =
    view.getUint8(mdhd.start) === 1 ? view.getUint32(mdhd.start + 20) : view.getUint32(mdhd.start + 12);

  // Edit list: none, or exactly one normal edit (what encoders write for priming / B-frame delay).
  let mediaStart = 0;
  let editDuration: number | null = null;
  const edts = find(parts, 'edts');
  const elst = edts ? find(children(view, edts.start, edts.end), 'elst') : undefined;
  if (elst) {
    const version = view.getUint8(elst.start);
    const count = view.getUint32(elst.start + 4);
    if (count !== 1) return undefined;
    const entry = elst.start + 8;
    const segmentDuration = version === 1 ? Number(view.getBigUint64(entry)) : view.getUint32(entry);
    mediaStart = version === 1 ? Number(view.getBigInt64(entry + 8)) : view.getInt32(entry + 4);
    if (mediaStart < 0) return undefined; // an empty edit (delayed start)
    editDuration = segmentDuration > 0 ? Math.round((segmentDuration * timescale) / movieTimescale) : null;
  }

  const sizes = readSizes(view, stsz);
  const count = sizes.length;
  const durations = expandRuns(view, stts, count, false);
  const ctts = find(tables, 'ctts');
  const cto = ctts ? expandRuns(view, ctts, count, true) : new Array<number>(count).fill(0);
  if (!durations || !cto) return undefined;
  const dts: number[] = new Array(count);
  let time = 0;
  for (let index = 0; index < count; index++) {
    dts[index] = time;
    time += durations[index] ?? 0;
  }
  const stss = find(tables, 'stss');
  const sync = new Array<boolean>(count).fill(!stss);
  if (stss) {
    const entries = view.getUint32(stss.start + 4);
    for (let index = 0; index < entries; index++) sync[view.getUint32(stss.start + 8 + index * 4) - 1] = true;
  }
  const offsets = readOffsets(view, stsc, stco, sizes);
  if (!offsets) return undefined;
  return {
    kind: handler === 'vide' ? 'video' : 'audio',
    trackId,
    timescale,
    stsd: bytes.slice(stsd.start - 8, stsd.end),
    matrix,
    widthFixed,
    heightFixed,
    mediaStart,
    editDuration,
    offsets,
    sizes,
    dts,
    durations,
    cto,
    sync,
  };
}

function readSizes(view: DataView, stsz: Box): number[] {
  const constant = view.getUint32(stsz.start + 4);
  const count = view.getUint32(stsz.start + 8);
  if (constant !== 0) return new Array<number>(count).fill(constant);
  const sizes: number[] = new Array(count);
  for (let index = 0; index < count; index++) sizes[index] = view.getUint32(stsz.start + 12 + index * 4);
  return sizes;
}

/** stts/ctts run-length tables expanded to one value per sample. */
function expandRuns(view: DataView, box: Box, count: number, signed: boolean): number[] | null {
  const entries = view.getUint32(box.start + 4);
  const values: number[] = [];
  for (let index = 0; index < entries; index++) {
    const at = box.start + 8 + index * 8;
    const run = view.getUint32(at);
    const value = signed ? view.getInt32(at + 4) : view.getUint32(at + 4);
    for (let repeat = 0; repeat < run; repeat++) values.push(value);
  }
  return values.length === count ? values : null;
}

function readOffsets(view: DataView, stsc: Box, stco: Box, sizes: number[]): number[] | null {
  const wide = view.getUint32(stco.start - 4) === 0x636f3634; // 'co64'
  const chunkCount = view.getUint32(stco.start + 4);
  const chunkOffset = (chunk: number) =>
    wide ? Number(view.getBigUint64(stco.start + 8 + chunk * 8)) : view.getUint32(stco.start + 8 + chunk * 4);
  const entries = view.getUint32(stsc.start + 4);
  const offsets: number[] = [];
  let sample = 0;
  for (let entry = 0; entry < entries; entry++) {
    const at = stsc.start + 8 + entry * 12;
    const firstChunk = view.getUint32(at) - 1;
    const perChunk = view.getUint32(at + 4);
    const nextFirst = entry + 1 < entries ? view.getUint32(at + 12) - 1 : chunkCount;
    for (let chunk = firstChunk; chunk < nextFirst; chunk++) {
      let position = chunkOffset(chunk);
      for (let index = 0; index < perChunk && sample < sizes.length; index++) {
        offsets.push(position);
        position += sizes[sample] ?? 0;
        sample++;
      }
    }
  }
  return offsets.length === sizes.length ? offsets : null;
}

/** Reads one top-level box's payload (e.g. moov) by walking the box headers. */
async function readTopLevelBox(path: string, type: string): Promise<Uint8Array | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    let position = 0;
    while (position + 8 <= size) {
      await handle.read(header, 0, 16, position);
      let boxSize = header.readUInt32BE(0);
      const boxType = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (boxSize === 1) {
        boxSize = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) boxSize = size - position;
      if (boxSize < headerSize) return null;
      if (boxType === type) {
        if (boxSize > 256 * 1024 * 1024) return null;
        const payload = new Uint8Array(boxSize - headerSize);
        await handle.read(payload, 0, payload.byteLength, position + headerSize);
        return payload;
      }
      position += boxSize;
    }
    return null;
  } finally {
    await handle.close();
  }
}

function children(view: DataView, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let position = start;
  while (position + 8 <= end) {
    let size = view.getUint32(position);
    const type = String.fromCharCode(
      view.getUint8(position + 4),
      view.getUint8(position + 5),
      view.getUint8(position + 6),
      view.getUint8(position + 7),
    );
    let headerSize = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(position + 8));
      headerSize = 16;
    } else if (size === 0) size = end - position;
    if (size < headerSize || position + size > end) break;
    boxes.push({ type, start: position + headerSize, end: position + size });
    position += size;
  }
  return boxes;
}

function find(boxes: Box[], type: string): Box | undefined {
  return boxes.find((box) => box.type === type);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
