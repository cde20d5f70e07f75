/**
 * @cfalias/providers/testing: the contract suites every provider and lock backend passes, for
 * anyone writing their own. They register mocha-style tests (`describe`, `it`, `before`, `after`
 * as globals: mocha, or any runner that provides them) and assert with chai, an optional peer
 * dependency of this package: install it beside mocha to use this entry point.
 *
 * - `describeProviderContract(name, makeFixture)`: what every `CutoverProvider` must do, asserted
 *   on a sandbox world the fixture puts the provider in front of (in process, or over the wire).
 * - `leaseLockContract(factory)`: what every `LeaseLock` backend must do, on a simulated clock.
 *
 * @module @cfalias/providers/testing
 */
export {
  CONTRACT_ACCOUNT,
  CONTRACT_FOREIGN_ACCOUNT,
  contractWorldDocument,
  describeProviderContract,
  type MakeProviderFixture,
  type ProviderFixture,
} from './provider-contract.js';
export {
  CONTRACT_T0,
  leaseLockContract,
  type LeaseLockFactory,
  type LeaseLockFixture,
  type LockIdentity,
} from '../lock/lease-lock-contract.js';
