import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { generateServiceModels, TARGET } from './generate-service-models.mjs';

describe('service-models.ts', () => {
  it('is what the generator makes from the vendored AWS models', () => {
    const fresh = generateServiceModels();
    const checkedIn = readFileSync(TARGET, 'utf8');
    if (checkedIn !== fresh) {
      expect.fail(
        'packages/providers/src/emulator/service-models.ts differs from a fresh generation from packages/providers/aws-models: ' +
          'run `pnpm generate:models` and commit the result',
      );
    }
  });
});
