import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';

describe('writeFileAtomic (io/files.ts)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cfalias-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes pieces in order as UTF-8, across several batches and with a piece larger than a batch', async () => {
    // 3 MB of mixed pieces: ASCII, two-, three- and four-byte characters, and one piece of 600,000
    // three-byte characters (1.8 MB) that no batch can hold.
    const pieces = Array.from({ length: 300 }, (_, i) => `${i}:${'x'.repeat(5000)}é€😀\n`);
    pieces.splice(150, 0, '€'.repeat(600_000));
    const path = join(dir, 'out.json');
    await writeFileAtomic(path, pieces);
    expect(await readFile(path, 'utf8')).to.equal(pieces.join(''));
    expect(await readdir(dir)).to.deep.equal(['out.json']);
  });

  it('never cuts a character in two where a batch (1 MiB) ends', async () => {
    // A four-, three- and two-byte character starting 1 to 4 bytes before the end of the first batch.
    for (let short = 1; short <= 4; short++) {
      const pieces = ['a'.repeat((1 << 20) - short), '😀€é', 'z'];
      const path = join(dir, `boundary-${short}.txt`);
      await writeFileAtomic(path, pieces);
      expect(await readFile(path, 'utf8')).to.equal(pieces.join(''));
    }
  });

  it('replaces an existing file, from one string or from no pieces at all', async () => {
    const path = join(dir, 'out.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new text');
    expect(await readFile(path, 'utf8')).to.equal('new text');
    await writeFileAtomic(path, []);
    expect(await readFile(path, 'utf8')).to.equal('');
    expect(await readdir(dir)).to.deep.equal(['out.json']);
  });

  it('leaves the old file and no temp file when taking a piece fails midway', async () => {
    const path = join(dir, 'plan.json');
    await writeFile(path, 'the previous plan');
    function* failing(): Generator<string> {
      for (let i = 0; i < 40; i++) yield `${'y'.repeat(100_000)}\n`; // several batches written already
      throw new Error('serialization failed');
    }
    let caught: unknown;
    await writeFileAtomic(path, failing()).catch((error: unknown) => (caught = error));
    expect(caught).to.be.an('error').with.property('message', 'serialization failed');
    expect(await readFile(path, 'utf8')).to.equal('the previous plan');
    expect(await readdir(dir)).to.deep.equal(['plan.json']);
  });

  it('leaves no temp file when the rename fails', async () => {
    const path = join(dir, 'taken');
    await mkdir(join(path, 'inside'), { recursive: true }); // a directory that is not empty cannot be renamed over
    let caught: unknown;
    await writeFileAtomic(path, ['a', 'b']).catch((error: unknown) => (caught = error));
    expect(caught).to.have.property('code').that.is.oneOf(['EISDIR', 'ENOTEMPTY', 'EEXIST']);
    expect(await readdir(dir)).to.deep.equal(['taken']);
  });
});
