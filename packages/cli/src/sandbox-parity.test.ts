/**
 * `--sandbox` (the AWS SDK provider reading the world) and `--sandbox-in-process` (the sandbox's
 * own provider) read one world into the same inventory, so every fixture world plans to the same
 * plan bytes and digest either way.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeWorkspace, runCli } from './testing/harness.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures');

/** Every fixture folder with a world.json and a cfalias.yaml: fixtures/<name> and fixtures/<group>/<name>. */
function fixtureFolders(): string[] {
  const top = readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory());
  const folders = top.flatMap((e) => [
    e.name,
    ...readdirSync(join(FIXTURES, e.name), { withFileTypes: true })
      .filter((s) => s.isDirectory())
      .map((s) => `${e.name}/${s.name}`),
  ]);
  return folders.filter((f) => existsSync(join(FIXTURES, f, 'world.json')) && existsSync(join(FIXTURES, f, 'cfalias.yaml'))).sort();
}

describe('--sandbox and --sandbox-in-process plan alike', () => {
  const folders = fixtureFolders();

  it('covers the fixture worlds', () => {
    expect(folders).to.include.members([
      'demo',
      'scenarios/simple-move',
      'worlds/cross-account-wildcard-move',
      'worlds/standard-to-tenant',
    ]);
  });

  for (const folder of folders) {
    it(`writes the same plan and digest: ${folder}`, async () => {
      const read = (name: string): string => readFileSync(join(FIXTURES, folder, name), 'utf8');
      const ws = await makeWorkspace({ 'cfalias.yaml': read('cfalias.yaml'), 'world.json': read('world.json') });
      try {
        const sdk = await runCli(ws, ['--sandbox', 'world.json', 'plan', '--out', 'sdk.json']);
        const inProcess = await runCli(ws, ['--sandbox', 'world.json', '--sandbox-in-process', 'plan', '--out', 'in-process.json']);
        expect(inProcess.code, inProcess.stderr).to.equal(sdk.code);
        if (!existsSync(join(ws.dir, 'sdk.json'))) {
          expect(existsSync(join(ws.dir, 'in-process.json'))).to.equal(false);
          return;
        }
        const [a, b] = [await ws.read('sdk.json'), await ws.read('in-process.json')];
        const digest = (text: string): unknown => (JSON.parse(text) as { digest?: unknown }).digest;
        expect(digest(a)).to.be.a('string');
        expect(digest(b)).to.equal(digest(a));
        expect(b).to.equal(a);
      } finally {
        await ws.remove();
      }
    });
  }
});
