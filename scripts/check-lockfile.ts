/**
 * Fails when package-lock.json is out of sync with package.json, the way `npm ci` would on a
 * fresh clone (missing entries, including optional packages for other platforms, or versions that
 * no longer satisfy a range). `npm ci --dry-run` runs npm's own check without touching
 * node_modules; this wrapper only trims npm's long usage text down to the reason.
 */
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(
  npm,
  ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
  { encoding: 'utf8' },
);
if (result.status === 0) {
  process.stdout.write('package-lock.json is in sync with package.json\n');
} else {
  const reasons = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.replace(/^npm error\s?/, '').trim())
    .filter((line) => /in sync|Missing:|Invalid:|lock file|ERR|code E/.test(line));
  process.stderr.write(
    `package-lock.json is out of sync with package.json; run \`npm install\` and commit the lock file.\n${reasons.join('\n')}\n`,
  );
  process.exit(1);
}
