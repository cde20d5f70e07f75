/**
 * fixtures/bad: desired files and world files with problems. Every problem must be reported, all
 * at once, at the location written by hand in the sibling `<name>.expect.json`.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { badFixtureNames, FIXTURES, readJson, readText, repoPath, type BadExpectation } from './support/fixture-files.js';
import { parseDesiredState, parseWorldDocument, WorldFileError } from './support/packages.js';

function parseWorldError(path: string): WorldFileError {
  try {
    parseWorldDocument(readText(path), repoPath(path));
  } catch (error) {
    expect(error).to.be.instanceOf(WorldFileError);
    return error as WorldFileError;
  }
  throw new Error(`${repoPath(path)} was accepted`);
}

describe('bad inputs (fixtures/bad)', () => {
  for (const name of badFixtureNames()) {
    const expected = readJson<BadExpectation>(join(FIXTURES, 'bad', `${name}.expect.json`));

    if (expected.kind === 'desired') {
      it(`${name}.yaml: ${expected.diagnostics.map((d) => d.code).join(', ')}`, () => {
        const path = join(FIXTURES, 'bad', `${name}.yaml`);
        const file = repoPath(path);
        const result = parseDesiredState(readText(path), file);
        expect(result.state).to.equal(undefined);
        expect(result.diagnostics.map((d) => ({ code: d.code, line: d.location?.line, col: d.location?.col }))).to.deep.equal(
          expected.diagnostics,
        );
        for (const diagnostic of result.diagnostics) {
          expect(diagnostic.severity).to.equal('error');
          expect(diagnostic.location?.file).to.equal(file);
          expect(diagnostic.message).to.be.a('string').and.not.equal('');
        }
      });
      continue;
    }

    const path = join(FIXTURES, 'bad', `${name}.json`);
    it(`${name}.json: refused as a world file`, () => {
      expect(existsSync(path), repoPath(path)).to.equal(true);
      const error = parseWorldError(path);
      expect(error.file).to.equal(repoPath(path));
      if ('syntax' in expected) {
        expect(error.problems.map((p) => ({ line: p.line, col: p.col }))).to.deep.equal([expected.syntax]);
      } else {
        expect([...new Set(error.problems.map((p) => p.path))].sort()).to.deep.equal([...expected.problems].sort());
        for (const problem of error.problems) expect(problem.message).to.be.a('string').and.not.equal('');
      }
    });
  }
});
