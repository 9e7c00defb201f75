/** `reelgate emulator`: runs the local provider emulator until interrupted. */
import type { Command } from 'commander';
import { EMULATOR_SETTINGS, emulatorOptionsFromEnv, envNameOf } from '../../emulator/config.ts';
import { startEmulator } from '../../emulator/server.ts';

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
    const options = emulatorOptionsFromEnv(process.env, flags);
    const emulator = await startEmulator(options);
    console.log(`reelgate emulator listening on ${emulator.url}`);
    console.log(
      `  OpenAI Videos API: baseURL ${emulator.url}/v1 (any non-empty API key${options.apiKey ? ' except: key required' : ''})`,
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
