#!/usr/bin/env node
// Thin launcher: the CLI runs from the compiled output (`pnpm build`); src/bin.ts is the entry.
import '../dist/bin.js';
