/** `cfalias inventory`: the live facts about every managed alias. */
import { inventoryScope } from '@cfalias/core';
import type { CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';
import { inventoryRows, renderInventoryTable } from '../render/inventory.js';
import { openProvider } from '../providers.js';
import { readDesired } from './desired-input.js';

export async function runInventory(ctx: CommandContext, options: { readonly json?: boolean }): Promise<CommandOutcome> {
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  const session = await openProvider(ctx.providerOptions);
  const inventory = await session.provider.readInventory(inventoryScope(desired));
  const rows = inventoryRows(desired, inventory);
  ctx.io.stdout.write(options.json ? `${JSON.stringify(rows, null, 2)}\n` : renderInventoryTable(rows, ctx.colors));
  return 'ok';
}
