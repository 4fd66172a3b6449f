#!/usr/bin/env node
// Entry point of the `faultline` command: loads the TypeScript sources through tsx, so a fresh
// clone needs no build step.
import { register } from 'tsx/esm/api';

register();
// `faultline replay X | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
