import { expect } from 'chai';
import { jsonSyntaxProblem } from './json-syntax.js';

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error('expected a syntax error');
}

describe('jsonSyntaxProblem', () => {
  it('places an error on its line and column (1-based)', () => {
    const text = '{\n  "a": 1,\n  b: 2\n}';
    const problem = jsonSyntaxProblem(text, parseError(text));
    expect([problem.line, problem.col]).to.deep.equal([3, 3]);
    expect(problem.reason).to.not.match(/position/);
  });

  it('puts a truncated document just past its last character', () => {
    const text = '{\n  "a": [1, 2'; // line 2 holds 12 characters
    const problem = jsonSyntaxProblem(text, parseError(text));
    expect([problem.line, problem.col]).to.deep.equal([2, 13]);
  });

  it('reads an explicit (line L column C) when the engine gives one', () => {
    const problem = jsonSyntaxProblem('ignored', new SyntaxError('Unexpected token (line 7 column 4)'));
    expect(problem).to.deep.equal({ line: 7, col: 4, reason: 'Unexpected token' });
  });
});
