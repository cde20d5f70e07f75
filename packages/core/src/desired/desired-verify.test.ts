/** The desired file's `verify:` settings: read as written, absent when not written, and bad values located. */
import { expect } from 'chai';
import { parseDesiredState } from './desired-file.js';

/** The file as lines. */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

describe('parseDesiredState: verify settings', () => {
  const base = ['version: 1', 'aliases:', '  www.example.com: E2GREENGREENGR'];

  it('reads the live-check settings as written', () => {
    const { state, diagnostics } = parseDesiredState(
      yaml(
        ...base,
        'verify:',
        '  afterApply: false',
        '  resolvers: [system, "1.1.1.1", "127.0.0.1:5353"]',
        '  warningDays: 30',
        '  http: { path: /healthz, method: GET, status: 204, header: { name: x-served-by, value: green } }',
      ),
      'cfalias.yaml',
    );
    expect(diagnostics).to.deep.equal([]);
    expect(state?.verify).to.deep.equal({
      afterApply: false,
      resolvers: ['system', '1.1.1.1', '127.0.0.1:5353'],
      warningDays: 30,
      http: { path: '/healthz', method: 'GET', status: 204, header: { name: 'x-served-by', value: 'green' } },
    });
  });

  it('leaves verify out when the file has none', () => {
    expect(parseDesiredState(yaml(...base), 'cfalias.yaml').state?.verify).to.equal(undefined);
  });

  it('locates a mistyped setting, a bad resolver and a path without a slash at their line and column', () => {
    const text = yaml(...base, 'verify:', '  warningdays: 30', '  resolvers: ["1.1.1.1:dns"]', '  http: { path: healthz }');
    const diagnostics = parseDesiredState(text, 'cfalias.yaml').diagnostics;
    expect(diagnostics.map((d) => `${d.location?.line}:${d.location?.col}`)).to.deep.equal(['5:3', '6:15', '7:17']);
    expect(diagnostics[0]!.message).to.include('warningdays');
  });
});
