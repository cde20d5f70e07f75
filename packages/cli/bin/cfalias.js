#!/usr/bin/env node
// Thin launcher: the CLI runs from the compiled output (`pnpm build`).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv);
