/**
 * Every face the emulator serves by default. Provider faces (fal, google, replicate, xai)
 * live in faces/<name>/ and are added to this list.
 */
import type { EmulatorFace } from '../core/face.ts';
import { alibabaFace } from './alibaba/face.ts';
import { falFace } from './fal/face.ts';
import { bytedanceFace } from './bytedance/face.ts';
import { vertexFace } from './vertex/face.ts';
import { gatewayFace } from './gateway/face.ts';
import { openrouterFace } from './openrouter/face.ts';
import { minimaxFace } from './minimax/face.ts';
import { googleFace } from './google/face.ts';
import { openaiFace } from './openai/face.ts';
import { replicateFace } from './replicate/face.ts';
import { xaiFace } from './xai/face.ts';

export const defaultFaces: EmulatorFace[] = [
  openaiFace,
  falFace,
  googleFace,
  replicateFace,
  xaiFace,
  alibabaFace,
  minimaxFace,
  bytedanceFace,
  vertexFace,
  gatewayFace,
  openrouterFace,
];
