/** `cfalias inventory`: the live facts about every managed alias; `--out` also snapshots the account as a world file. */
import { inventoryScope } from '@cfalias/core';
import { resolvePath, type CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';
import { plural } from '../render/format.js';
import { desiredLabeler, inventoryRows, renderInventoryTable } from '../render/inventory.js';
import { openProvider } from '../providers.js';
import { desiredExpectation } from '../registry-providers.js';
import { shellWord } from '../render/next-command.js';
import { readDesired } from './desired-input.js';
import { snapshotInventory, writeSnapshot } from './snapshot.js';

export interface InventoryCommandOptions {
  readonly json?: boolean;
  /** Every alias on a distribution of the account, not only the managed ones. */
  readonly all?: boolean;
  /** Write what was read as a sandbox world file (an inventory snapshot). */
  readonly out?: string;
  /** Every overlap in NOTES, however long the line. */
  readonly wide?: boolean;
}

export async function runInventory(ctx: CommandContext, options: InventoryCommandOptions): Promise<CommandOutcome> {
  const { io } = ctx;
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  await using session = await openProvider(ctx.providerOptions, desiredExpectation(desired, ctx.desiredName), 'read');
  const inventory = await session.provider.readInventory(inventoryScope(desired));
  const rows = inventoryRows(desired, inventory, { all: options.all === true });
  const label = desiredLabeler(desired);
  io.stdout.write(
    options.json ? `${JSON.stringify(rows, null, 2)}\n` : renderInventoryTable(rows, ctx.colors, { label, wide: options.wide === true }),
  );

  if (options.out !== undefined) {
    const snapshot = snapshotInventory(inventory);
    await writeSnapshot(resolvePath(io, options.out), options.out, snapshot);
    const account = snapshot.world.accounts[0]!;
    const held = snapshot.foreignOwners.length;
    // With --json, stdout carries only the rows.
    (options.json ? io.stderr : io.stdout).write(
      `${options.json ? '' : '\n'}Saved the inventory of account ${inventory.account} to ${options.out} ` +
        `(${plural(account.distributions?.length ?? 0, 'distribution', 'distributions')}, ` +
        `${plural(account.certificates?.length ?? 0, 'certificate', 'certificates')}, ` +
        `${plural(account.hostedZones?.length ?? 0, 'hosted zone', 'hosted zones')}). ` +
        `Rehearse offline with: cfalias --sandbox ${shellWord(options.out)} plan\n`,
    );
    if (held > 0) {
      io.stderr.write(
        `warning: ${held === 1 ? '1 managed alias is' : `${held} managed aliases are`} held outside account ${inventory.account} ` +
          `(${snapshot.foreignOwners.map((f) => f.alias).join(', ')}); the snapshot holds one account, so a plan against it does not see ${held === 1 ? 'it' : 'them'}\n`,
      );
    }
  }
  return 'ok';
}
