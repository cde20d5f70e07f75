/**
 * The `If-Match` of UpdateDomainAssociation, remembered per target, for the AWS provider and the
 * sandbox provider alike. UpdateDomainAssociation answers with the target's new ETag ("the current
 * version of the target standard distribution or distribution tenant that was associated with the
 * domain"), so a move onto a target sends the ETag the previous move onto it returned, and only
 * the first move onto a target (or one after the ETag was forgotten) reads it with GetDistribution
 * or GetDistributionTenant: N moves onto one target cost one read and N writes.
 *
 * Moves onto one target run one after another (each needs the ETag the previous one returned);
 * moves onto different targets run side by side. An ETag that turns out stale (PreconditionFailed:
 * someone else changed the target, or a move took a domain from it) is re-read once and the move
 * sent once more; a second PreconditionFailed surfaces to the caller, whose retry reads afresh.
 * An ETag is forgotten on any error of a move, and whenever the provider changes the target by
 * other calls (`forget`). One instance per provider, so per account: an ETag is only good for the
 * credentials' own account's resources anyway.
 */
import { PreconditionFailedError } from '@cfalias/core';

/** The two calls of a move onto one target, made by the provider; both throw core errors. */
export interface DomainAssociationCalls {
  /** GetDistribution or GetDistributionTenant of the target: its current ETag. */
  readETag(): Promise<string>;
  /** UpdateDomainAssociation with `If-Match` = `ifMatch`: the ETag the answer carries, if any. */
  associate(ifMatch: string): Promise<string | undefined>;
}

export class DomainAssociationETags {
  private readonly known = new Map<string, string>();
  /** Per target, the settling of the last move queued onto it. */
  private readonly queues = new Map<string, Promise<void>>();

  /** Runs one move onto `targetId` once every move queued onto it before has settled. */
  move(targetId: string, calls: DomainAssociationCalls): Promise<void> {
    const before = this.queues.get(targetId) ?? Promise.resolve();
    const run = before.then(() => this.moveNow(targetId, calls));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(targetId, settled);
    void settled.then(() => {
      if (this.queues.get(targetId) === settled) this.queues.delete(targetId);
    });
    return run;
  }

  /** The provider changed `id` by another call (UpdateDistribution, UpdateDistributionTenant): its ETag is no longer known. */
  forget(id: string): void {
    this.known.delete(id);
  }

  private async moveNow(targetId: string, calls: DomainAssociationCalls): Promise<void> {
    try {
      const ifMatch = this.known.get(targetId) ?? (await calls.readETag());
      let answered: string | undefined;
      try {
        answered = await calls.associate(ifMatch);
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
        answered = await calls.associate(await calls.readETag());
      }
      this.remember(targetId, answered);
    } catch (error) {
      this.known.delete(targetId);
      throw error;
    }
  }

  private remember(targetId: string, etag: string | undefined): void {
    if (etag === undefined || etag === '') this.known.delete(targetId);
    else this.known.set(targetId, etag);
  }
}
