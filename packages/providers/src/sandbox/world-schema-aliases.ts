/**
 * The world file's rule that an alias lives on one distribution: each alias listed once on its
 * distribution and on no other, with every alias checked as a hostname.
 */
import { checkAlias } from '@cfalias/core';

/** Reports a problem at a JSON pointer of the document. */
export type AddProblem = (path: string, message: string) => void;

/**
 * Where each alias of the world was first listed. It keeps one number per alias (the alias's slot
 * among every `aliases` entry of the document, in document order) rather than its JSON pointer: a
 * string per alias of a large world costs memory and collections, and a pointer is spelled out
 * only for a problem.
 */
export class AliasOwners {
  private readonly firstSlot = new Map<string, number>();
  /** Each distribution's `aliases` pointer and its first slot, in document order. */
  private readonly lists: { readonly path: string; readonly start: number }[] = [];
  private slots = 0;

  /** Checks the `aliases` of the distribution at `path` (strings only: the schema reports the rest). */
  checkDistribution(path: string, aliases: readonly unknown[], add: AddProblem): void {
    const start = this.slots;
    this.slots += aliases.length;
    this.lists.push({ path: `${path}/aliases`, start });
    // Aliases of this distribution already reported as on another one (rare): a repeat here is "listed twice".
    let onAnother: Set<string> | undefined;
    for (let i = 0; i < aliases.length; i++) {
      const alias = aliases[i];
      if (typeof alias !== 'string') continue;
      const problem = checkAlias(alias);
      if (problem?.kind === 'uppercase') add(`${path}/aliases/${i}`, `"${alias}" must be lowercase ("${alias.toLowerCase()}")`);
      else if (problem) add(`${path}/aliases/${i}`, problem.message);
      const owner = this.firstSlot.get(alias);
      if ((owner !== undefined && owner >= start) || onAnother?.has(alias) === true) {
        add(`${path}/aliases/${i}`, `"${alias}" is listed twice on this distribution`);
      } else if (owner !== undefined) {
        add(
          `${path}/aliases/${i}`,
          `"${alias}" is already on another distribution (${this.pointerOf(owner)}); an alias lives on one distribution only`,
        );
        (onAnother ??= new Set()).add(alias);
      } else {
        this.firstSlot.set(alias, start + i);
      }
    }
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
