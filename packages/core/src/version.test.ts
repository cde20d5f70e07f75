import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ENGINE_VERSION } from './version.js';

describe('ENGINE_VERSION', () => {
  it('is the version in @cfalias/core’s package.json (run `pnpm release:version` after bumping)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(ENGINE_VERSION).to.equal(pkg.version);
  });
});
