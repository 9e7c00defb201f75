/**
 * Builds the package: JavaScript and `.d.ts` files in dist/ (tsc, with `.ts` import specifiers
 * rewritten to `.js`), plus the SQL migrations next to the code that reads them.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}/dist`, { recursive: true, force: true });
execFileSync(`${root}/node_modules/.bin/tsc`, ['-p', `${root}/tsconfig.build.json`], { stdio: 'inherit' });
cpSync(`${root}/src/db/migrations`, `${root}/dist/db/migrations`, { recursive: true });
console.log('built dist/');
