/**
 * The fault suite's counts, printed once at the end of the run, so a reader sees how much was
 * exercised, not only that it passed. Importing this module registers one root-level `after` hook; ES modules are evaluated
 * once, so every test file may import it and the summary is still printed once.
 */
export interface Tally {
  /** Scenarios run: matrix cells, crash points, property runs, malformed inputs. */
  cases: number;
  /** Calls the sandbox answered with an injected fault (call log `injected: true`), plus races staged. */
  faultsInjected: number;
  /** Applies killed (SIGKILL) or stopped by a fault, then resumed to convergence. */
  crashesResumed: number;
  resumes: number;
  /** Malformed inputs refused with a located error and no mutating call. */
  malformedInputs: number;
  propertyRuns: number;
}

export const tally: Tally = { cases: 0, faultsInjected: 0, crashesResumed: 0, resumes: 0, malformedInputs: 0, propertyRuns: 0 };

after(() => {
  console.log(
    `fault suite: ${tally.cases} cases, ${tally.faultsInjected} faults injected, ${tally.resumes} resumes ` +
      `(${tally.crashesResumed} after SIGKILL), ${tally.propertyRuns} property runs, ${tally.malformedInputs} malformed inputs refused`,
  );
});
