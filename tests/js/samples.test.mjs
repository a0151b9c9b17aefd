// The built-in samples (samples/samples.json) through the npm package give the
// verdicts recorded with them — the same ones the Rust demo checks.
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('examples/demo-npm.mjs: every sample gives its recorded verdict', () => {
  const script = fileURLToPath(new URL('../../examples/demo-npm.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] }); // throws on a non-zero exit
});
