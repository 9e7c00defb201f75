/**
 * The package's entry point (`import { createGateway, loadConfig } from 'reelgate'`): the
 * configuration loader and the one assembly point. The typed HTTP client is `reelgate/client`.
 */
export { ConfigError, type Env, loadConfig, type ReelgateConfig } from './config/load-config.ts';
export { createRoutedCatalog } from './core/catalog/routing.ts';
export { createGateway, type Gateway, type GatewayOverrides } from './gateway/create-gateway.ts';
export { ProviderRegistry, providersFromSettings } from './providers/registry.ts';
export type { ProviderSettings } from './providers/settings.ts';
