/**
 * `reelgate` command line. Each subcommand lives in its own file under ./commands and
 * registers itself on the program; this file only wires them and parses argv.
 */
import { Command } from 'commander';
import { setCliEnvironment } from './cli-config.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command()
  .name('reelgate')
  .description('A durable gateway for AI video generation.')
  .showHelpAfterError()
  .exitOverride((error) => {
    // commander already printed the message; keep its exit code (help and version exit 0).
    process.exitCode = error.exitCode;
    throw error;
  });

// The only read of the process environment: everything else takes the validated configuration.
setCliEnvironment(process.env);
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof Error && 'exitCode' in error)) {
    console.error(error instanceof Error ? error.message : String(error));
    // The gateway's errors say what to change (a refused prompt, a size no model makes...).
    const hint = error instanceof Error && 'hint' in error ? error.hint : undefined;
    if (typeof hint === 'string' && hint !== '') console.error(`hint: ${hint}`);
    process.exitCode = 1;
  }
}
