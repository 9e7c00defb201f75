/** What every screen needs: the API, the live generations, the model list, emulator or not. */
import { createContext, useContext } from 'react';
import type { StudioApi } from './api/client.ts';
import type { LiveGenerations } from './api/live.ts';
import type { ModelInfo } from './api/types.ts';

export interface Studio {
  api: StudioApi;
  live: LiveGenerations;
  /** Undefined while loading or when the server has no model list. */
  models: ModelInfo[] | undefined;
  defaultModel: string | null;
  /** True when the built-in emulator makes the videos: costs are not real money. */
  emulated: boolean;
}

export const StudioContext = createContext<Studio | undefined>(undefined);

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio outside StudioContext');
  return studio;
}
