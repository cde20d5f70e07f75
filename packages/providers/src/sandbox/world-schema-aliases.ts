/**
 * The world file's rule that an alias lives on one distribution: each alias listed once on its
 * distribution and on no other, with every alias checked as a hostname.
 */
import { checkAlias } from '@cfalias/core';

/** Reports a problem at a JSON pointer of the document. */
export type AddProblem = (path: string, message: string) => void;

/**
 * Where each alias of the world was first listed. While no alias repeats (a valid world), it keeps
 * only the set of aliases seen: one hash operation per alias, and no JSON pointer per alias (a
 * string per alias of a large world costs memory and collections). At the first repeat it indexes
 * every alias seen so far by its slot (its position among every `aliases` entry of the document),
 * from which the pointer of the first listing is spelled out for each problem.
 */
export class AliasOwners {
  private readonly seen = new Set<string>();
  private firstSlot: Map<string, number> | undefined;
  /** Each distribution's `aliases`, its pointer and its first slot, in document order. */
  private readonly lists: { readonly path: string; readonly start: number; readonly aliases: readonly unknown[] }[] = [];
  private slots = 0;

  /** Checks the `aliases` of the distribution at `path` (strings only: the schema reports the rest). */
  checkDistribution(path: string, aliases: readonly unknown[], add: AddProblem): void {
    const start = this.slots;
    this.slots += aliases.length;
    this.lists.push({ path: `${path}/aliases`, start, aliases });
    // Aliases of this distribution already reported as on another one (rare): a repeat here is "listed twice".
    let onAnother: Set<string> | undefined;
    for (let i = 0; i < aliases.length; i++) {
      const alias = aliases[i];
      if (typeof alias !== 'string') continue;
      const problem = checkAlias(alias);
      if (problem?.kind === 'uppercase') add(`${path}/aliases/${i}`, `"${alias}" must be lowercase ("${alias.toLowerCase()}")`);
      else if (problem) add(`${path}/aliases/${i}`, problem.message);
      const known = this.seen.size;
      this.seen.add(alias);
      if (this.seen.size > known) {
        this.firstSlot?.set(alias, start + i);
        continue;
      }
      const owner = this.slotsByAlias(start + i).get(alias)!;
      if (owner >= start || onAnother?.has(alias) === true) {
        add(`${path}/aliases/${i}`, `"${alias}" is listed twice on this distribution`);
      } else {
        add(
          `${path}/aliases/${i}`,
          `"${alias}" is already on another distribution (${this.pointerOf(owner)}); an alias lives on one distribution only`,
        );
        (onAnother ??= new Set()).add(alias);
      }
    }
  }

  /** The first slot of every alias listed before slot `before` (indexed at the first repeat). */
  private slotsByAlias(before: number): Map<string, number> {
    if (this.firstSlot === undefined) {
      const firstSlot = new Map<string, number>();
      for (const list of this.lists) {
        for (let i = 0; i < list.aliases.length && list.start + i < before; i++) {
          const alias = list.aliases[i];
          if (typeof alias === 'string' && !firstSlot.has(alias)) firstSlot.set(alias, list.start + i);
        }
      }
      this.firstSlot = firstSlot;
    }
    return this.firstSlot;
  }

  /** The JSON pointer of a slot: in the last list starting at or before it (an empty list owns no slot). */
  private pointerOf(slot: number): string {
    let low = 0;
    let high = this.lists.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.lists[middle]!.start <= slot) low = middle;
      else high = middle - 1;
    }
    const list = this.lists[low]!;
    return `${list.path}/${slot - list.start}`;
  }
}
