/**
 * Another writer in the same account: a second client (the AWS provider on the real SDK, the same
 * sandbox credentials) of the emulator the apply talks to. It takes an alias onto a distribution of
 * its own in the account the way someone at the console would: off its holder, its DNS records
 * repointed, onto its distribution. `stealingAfter` wraps the applier's provider so the steal is
 * made right after one of the applier's writes was answered and before the applier hears the
 * answer: the same race every run, with no timing involved.
 */
import type { CutoverProvider } from '@cfalias/core';
import {
  createAwsProvider,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  type AwsProvider,
  type WorldDocument,
} from '@cfalias/providers';
import { CALLER, pointedAt } from './demo-world.js';

export const THIEF = 'E3OTHER8J5N2WQ';
const THIEF_DOMAIN = 'd3other8j5n2wq.cloudfront.net';
const ROUTING = ['A', 'AAAA', 'CNAME'];

/** The world with the other writer's distribution in the caller's account (under blue's certificate, which covers *.example.com). */
export function withThiefDistribution(doc: WorldDocument): WorldDocument {
  return {
    ...doc,
    accounts: doc.accounts.map((account) => {
      if (account.id !== CALLER) return account;
      const blue = account.distributions?.[0];
      return {
        ...account,
        distributions: [
          ...(account.distributions ?? []),
          {
            id: THIEF,
            domainName: THIEF_DOMAIN,
            enabled: true,
            status: 'Deployed',
            aliases: [],
            certificateArn: blue?.certificateArn ?? null,
            config: { Comment: 'another team' },
          },
        ],
      };
    }),
  };
}

export class SdkThief {
  private readonly client: AwsProvider;

  constructor(endpoint: string) {
    this.client = createAwsProvider({
      endpoint,
      credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
      region: 'us-east-1',
      maxAttempts: 4,
      requestTimeoutMs: 1_000,
    });
  }

  /** Takes `alias` (whose routing records are in `zoneId`) onto the thief's distribution. */
  async take(alias: string, zoneId: string): Promise<void> {
    const inventory = await this.client.readInventory({ aliases: [alias], distributionIds: [THIEF] });
    const holder = inventory.distributions.find((d) => d.aliases.includes(alias));
    if (holder) await this.client.updateAliases(holder.id, { remove: [alias], add: [] }, () => 'apply');
    const records = (await this.client.readRecords(zoneId, [`${alias}.`])).filter((r) => ROUTING.includes(r.type));
    if (records.length > 0) {
      await this.client.changeRecords(
        zoneId,
        records.map((record) => ({ action: 'UPSERT' as const, record: pointedAt(record, THIEF_DOMAIN) })),
      );
    }
    await this.client.updateAliases(THIEF, { remove: [], add: [alias] }, () => 'apply');
  }

  destroy(): void {
    this.client.destroy();
  }
}

type MutatingCall = 'updateAliases' | 'moveAlias' | 'changeRecords';

/**
 * The applier's provider, with `steal` run once right after the first write that `match` picks
 * (its operation, its arguments and its answer) has been answered, before the applier sees it.
 */
export function stealingAfter(
  provider: CutoverProvider,
  match: (call: MutatingCall, args: readonly unknown[]) => boolean,
  steal: () => Promise<void>,
): CutoverProvider & { readonly stolen: boolean } {
  let stolen = false;
  const intercepted = new Set<string>(['updateAliases', 'moveAlias', 'changeRecords']);
  return new Proxy(provider, {
    get(target, key, receiver) {
      if (key === 'stolen') return stolen;
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !intercepted.has(key) || typeof value !== 'function') return value;
      return async (...args: unknown[]): Promise<unknown> => {
        const answer: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (!stolen && answer !== 'skip' && match(key as MutatingCall, args)) {
          stolen = true;
          await steal();
        }
        return answer;
      };
    },
  }) as CutoverProvider & { readonly stolen: boolean };
}
