/** The contract suites' way to catch a refusal: the error `promise` rejects with; fails the test when it resolves. */
import { expect } from 'chai';

export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  expect.fail('expected the call to fail');
}
