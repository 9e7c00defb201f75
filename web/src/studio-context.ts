/** What every screen needs: the API client, the live generations and the model list. */
import { createContext, useContext } from 'react';
import type { StudioApi } from './api/client.ts';
import type { LiveGenerations } from './api/live.ts';
import type { ModelInfo } from './api/types.ts';

export interface Studio {
  api: StudioApi;
  live: LiveGenerations;
  /** Undefined while loading or when the server has no model list. */
  models: ModelInfo[] | undefined;
}

export const StudioContext = createContext<Studio | undefined>(undefined);

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio outside StudioContext');
  return studio;
}
