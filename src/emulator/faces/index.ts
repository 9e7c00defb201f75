/**
 * Every face the emulator serves by default. Provider faces (fal, google, replicate, xai)
 * live in faces/<name>/ and are added to this list.
 */
import type { EmulatorFace } from '../core/face.ts';
import { openaiFace } from './openai/face.ts';

export const defaultFaces: EmulatorFace[] = [openaiFace];
