/** Shared media helpers: finding ffmpeg/ffprobe, rendering cheap clips, probing files. */
export { findFfmpeg, findFfprobe, standardBinaryDirs } from './ffmpeg.ts';
export { type ImageFormat, type ImageInfo, isCompleteImage, probeImage } from './image-probe.ts';
export { type MediaInfo, probeMedia } from './probe.ts';
export {
  BEEP_HZ,
  BEEP_SECONDS,
  findFont,
  RENDER_FPS,
  type RenderSegment,
  type RenderVideoOptions,
  renderSpritesheet,
  renderThumbnail,
  renderVideo,
  SEGMENT_START_BEEP_HZ,
  type SpritesheetLayout,
  spritesheetLayout,
} from './render.ts';
export { runProcess } from './run-process.ts';
export { type MediaToolSettings, type MediaTools, mediaTools } from './tools.ts';
