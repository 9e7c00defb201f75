/**
 * The CLI's configuration: the entry point (./main.ts) hands over the process environment once;
 * commands read the validated tree from `loadConfig` (lazily, so `--help` works whatever the
 * environment holds).
 */
import { type Env, loadConfig, type ReelgateConfig } from '../config/load-config.ts';

let environment: Env = {};
let loaded: ReelgateConfig | undefined;

export function setCliEnvironment(env: Env): void {
  environment = env;
  loaded = undefined;
}

/** The environment as handed over, for commands that layer flags over it before `loadConfig`. */
export function cliEnvironment(): Env {
  return environment;
}

export function cliConfig(): ReelgateConfig {
  loaded ??= loadConfig(environment);
  return loaded;
}
