import { expect } from 'chai';
import { parseDesiredState } from './desired-file.js';
import type { Diagnostic } from '../plan/diagnostics.js';

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

function only(text: string): Diagnostic {
  const { diagnostics } = parseDesiredState(text, 'cfalias.yaml');
  expect(diagnostics).to.have.length(1);
  return diagnostics[0]!;
}

describe('parseDesiredState: move settings and tenant targets', () => {
  it('reads the move API and TXT proof settings, per alias over the defaults, and tenant ids as targets', () => {
    const { state, diagnostics } = parseDesiredState(
      yaml(
        'version: 1',
        'distributions: { shop: dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB }',
        'defaults: { moveApi: associate-alias, txtProof: always }',
        'aliases:',
        '  a.example.com: shop',
        '  b.example.com: { distribution: dt_9xYzAbCdEf, moveApi: update-domain-association, txtProof: when-needed }',
      ),
      'cfalias.yaml',
    );
    expect(diagnostics).to.deep.equal([]);
    expect(state?.defaults).to.deep.equal({ strategy: 'auto', dns: 'route53', moveApi: 'associate-alias', txtProof: 'always' });
    expect(state?.aliases.map((a) => [a.alias, a.target, a.moveApi, a.txtProof])).to.deep.equal([
      ['a.example.com', 'dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB', 'associate-alias', 'always'],
      ['b.example.com', 'dt_9xYzAbCdEf', 'update-domain-association', 'when-needed'],
    ]);
  });

  it('refuses an unknown move API or TXT proof setting where it is written', () => {
    const d = only(yaml('version: 1', 'aliases:', '  a.example.com: { distribution: E1BLUE1, moveApi: associate }'));
    expect(d).to.deep.include({
      code: 'schema',
      message: 'aliases["a.example.com"].moveApi is "associate"; allowed: update-domain-association, associate-alias',
      location: { file: 'cfalias.yaml', line: 3, col: 52 },
    });
    expect(only(yaml('version: 1', 'defaults: { txtProof: never }')).message).to.equal(
      'defaults.txtProof is "never"; allowed: when-needed, always',
    );
  });
});
