import { expect } from 'chai';
import { AliasConflictError, callContextOf, CfaliasError, StalePlanError, ThrottlingError } from './errors.js';

describe('the call context of errors', () => {
  const call = { operation: 'UpdateDistribution', resource: 'E2GREEN', alias: 'api.example.com', httpStatus: 409, requestId: 'req-1' };

  it('becomes own fields of the error, and only the known ones', () => {
    const error = new AliasConflictError('api.example.com', 'E2GREEN', 'refused', { call });
    expect(callContextOf(error)).to.deep.equal(call);
    const partial = new ThrottlingError('ListDistributions', 'rate exceeded', { call: { operation: 'ListDistributions' } });
    expect(Object.keys(partial).sort()).to.deep.equal(['name', 'operation']);
    expect(Object.keys(new CfaliasError('plain')).sort()).to.deep.equal(['name']);
  });

  it('is kept by an error that wraps it (a 409 read as another writer taking the alias)', () => {
    const refused = new AliasConflictError('api.example.com', 'E2GREEN', 'refused', { call });
    const stale = new StalePlanError('update-aliases:E2GREEN:p2', 'E2GREEN', [], 'taken', { cause: refused });
    expect(callContextOf(stale)).to.deep.equal(call);
    expect(stale.cause).to.equal(refused);
  });

  it('reads nothing from values that are not errors with a context', () => {
    expect(callContextOf(undefined)).to.deep.equal({});
    expect(callContextOf({ requestId: '', httpStatus: '409' })).to.deep.equal({});
  });
});
