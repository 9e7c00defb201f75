/** `reelgate emulator`: runs the local provider emulator until interrupted. */
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { EMULATOR_SETTINGS, envNameOf } from '../../emulator/config.ts';
import { startEmulator } from '../../emulator/server.ts';
import { mediaTools } from '../../media/tools.ts';
import { cliEnvironment } from '../cli-config.ts';

export function registerEmulatorCommand(program: Command): void {
  const command = program
    .command('emulator')
    .description(
      'Run the local provider emulator (OpenAI Videos API under /v1, other provider faces under their prefixes). ' +
        'Every flag can also be set as REELGATE_EMULATOR_<NAME>, e.g. REELGATE_EMULATOR_SPEED=1000.',
    );
  for (const setting of EMULATOR_SETTINGS) {
    command.option(`--${setting.flag} <value>`, `${setting.description} [${envNameOf(setting.flag)}]`);
  }
  command.action(async (flags: Record<string, string | undefined>) => {
    // Flags win over REELGATE_EMULATOR_* variables: layered as variables, validated once.
    const fromFlags: Record<string, string> = {};
    for (const setting of EMULATOR_SETTINGS) {
      const camel = setting.flag.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
      const value = flags[setting.flag] ?? flags[camel];
      if (value !== undefined) fromFlags[envNameOf(setting.flag)] = String(value);
    }
    const config = loadConfig({ ...cliEnvironment(), ...fromFlags });
    const emulator = await startEmulator({ ...config.emulator, media: mediaTools(config.media) });
    console.log(`reelgate emulator listening on ${emulator.url}`);
    console.log(
      `  OpenAI Videos API: baseURL ${emulator.url}/v1 (any non-empty API key${config.emulator.apiKey ? ' except: key required' : ''})`,
    );
    console.log(`  stats: GET ${emulator.url}/_emulator/stats, reset: POST ${emulator.url}/_emulator/reset`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await emulator.close();
  });
}
