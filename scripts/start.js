#!/usr/bin/env node
// `npm start`: builds the web app when its sources are newer than the build, then runs `agora serve --seed-demo`
// (migrates, seeds the demo data on first run, serves, and prints the URLs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((max, name) => Math.max(max, newest(path.join(target, name))), stat.mtimeMs);
}

const sources = Math.max(newest(path.join(web, 'src')), newest(path.join(web, 'index.html')), newest(path.join(web, 'vite.config.ts')));
if (!existsSync(built) || newest(built) < sources) {
  console.log('Building the web app…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The sample ISV app (examples/saas-app) beside Agora: the demo offers' landing page and webhook point at it.
// AGORA_SAMPLE_APP=0 leaves it out.
const withSample = !['0', 'false', 'no', 'off'].includes((process.env.AGORA_SAMPLE_APP ?? '').toLowerCase());
const child = spawn(process.execPath, [path.join(root, 'bin', 'agora.js'), 'serve', '--seed-demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: withSample ? { ...process.env, AGORA_SAMPLE_APP_STARTED: '1' } : process.env,
});

let sample;
if (withSample) {
  const agoraUrl = process.env.AGORA_PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`;
  sample = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'examples', 'saas-app', 'src', 'server.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { AGORA_URL: agoraUrl, ...process.env },
  });
  sample.on('exit', (code) => {
    if (code) console.error(`The sample SaaS app stopped (exit ${code}); Agora keeps running.`);
  });
}

for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    sample?.kill(signal);
    child.kill(signal);
  });
child.on('exit', (code, signal) => {
  sample?.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
