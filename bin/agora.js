#!/usr/bin/env node
// The agora command: runs the TypeScript sources through tsx's loader (no build step for the server).
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli.ts');
