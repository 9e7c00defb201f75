/**
 * The media tools a process uses (ffmpeg, ffprobe, the font drawn on emulator videos), from the
 * configuration (`config.media`). Each is looked up on first use and kept, so a gateway that
 * never stitches nor renders starts without ffmpeg.
 *
 * @example
 * const tools = mediaTools(loadConfig(env).media);
 * await stitchSegments({ ...options, ffmpegPath: tools.ffmpeg() });
 */
import { findFfmpeg, findFfprobe } from './ffmpeg.ts';
import { findFont } from './render.ts';

export interface MediaToolSettings {
  /** REELGATE_FFMPEG. */
  ffmpegPath?: string | undefined;
  /** REELGATE_FFPROBE. */
  ffprobePath?: string | undefined;
  /** REELGATE_FONT. */
  fontFile?: string | undefined;
  /** Directories searched for the binaries (`PATH`); default: the usual system directories. */
  searchPath?: string | undefined;
}

export interface MediaTools {
  ffmpeg(): string;
  ffprobe(): string;
  /** undefined: no font found (videos are drawn without text). */
  font(): string | undefined;
}

export function mediaTools(settings: MediaToolSettings = {}): MediaTools {
  let ffmpeg: string | undefined;
  let ffprobe: string | undefined;
  let font: { file: string | undefined } | undefined;
  return {
    ffmpeg: () => {
      ffmpeg ??= findFfmpeg({ configured: settings.ffmpegPath, searchPath: settings.searchPath });
      return ffmpeg;
    },
    ffprobe: () => {
      ffprobe ??= findFfprobe({ configured: settings.ffprobePath, searchPath: settings.searchPath });
      return ffprobe;
    },
    font: () => {
      font ??= { file: findFont(settings.fontFile) };
      return font.file;
    },
  };
}
