/**
 * A run cut during its DNS wait, on a world file: the faults scenario (api.example.com: blue →
 * green, detach-attach) is applied with a journal and stopped at once (the second interrupt) at
 * the instant its Route 53 change finishes, before the wait has seen it INSYNC. The world is saved
 * to its file as the CLI saves it, loaded again, and the run resumed from its journal: the resume
 * asks GetChange about the change the cut run was waiting for, so the saved world must still know
 * it, and the cutover must converge.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPlan, MemoryJournal, planHasChanges, resumeApply } from '@cfalias/core';
import { createSandboxProvider, loadWorldFile, saveWorldFile, SandboxWorld } from '@cfalias/providers';
import { FIXTURES } from '../support/fixture-files.js';
import { loadCutover, planNow } from '../support/cutover.js';
import { convergedViolations } from './support/invariants.js';

const ZONE = 'Z1D633PJN98FT9';
const WAIT_DNS = `wait-dns:${ZONE}:mid`;

describe('a run cut during its DNS wait resumes from the saved world file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cfalias-dns-cut-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the finished change GetChange is asked about, and the resume converges', async () => {
    const cutover = loadCutover(join(FIXTURES, 'scenarios', 'faults'));
    const document = { ...cutover.world.toDocument(), faults: [] };
    const world = SandboxWorld.fromDocument(document);
    const dnsSyncMs = document.settings!.dnsSyncSeconds! * 1000;
    const plan = await planNow({ desired: cutover.desired, world });
    const journal = new MemoryJournal();
    const abort = new AbortController();
    const cut = await applyPlan(plan, {
      provider: createSandboxProvider(world),
      clock: world.clock,
      random: () => 0,
      journal,
      signal: abort.signal,
      onEvent: (event) => {
        // Registered before the wait's own sleep: at the instant the change reads INSYNC, the cut
        // comes first.
        if (event.type === 'step-start' && event.step.id === WAIT_DNS) void world.clock.sleep(dnsSyncMs).then(() => abort.abort());
      },
    });
    expect(cut.status).to.equal('aborted');
    expect(cut.failed.map((f) => `${f.stepId}: ${f.error.name}`)).to.deep.equal([`${WAIT_DNS}: AbortedError`]);

    const path = join(dir, 'world.json');
    await saveWorldFile(path, world);
    const reloaded = await loadWorldFile(path);
    // The change the run waited for had finished when the world was saved.
    const saved = reloaded.toDocument();

    const resumed = await resumeApply(journal.entries, {
      provider: createSandboxProvider(reloaded),
      clock: reloaded.clock,
      random: () => 0,
      journal,
    });
    expect(resumed.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([]);
    expect(saved.changes?.map((c) => ({ zoneId: c.zoneId, finished: Date.parse(c.syncAt) <= Date.parse(saved.now!) }))).to.deep.equal([
      { zoneId: ZONE, finished: true },
    ]);
    expect(resumed.status).to.equal('succeeded');
    expect(convergedViolations(cutover.desired, reloaded.toDocument())).to.deep.equal([]);
    expect(planHasChanges(await planNow({ desired: cutover.desired, world: reloaded }))).to.equal(false);
  });
});
