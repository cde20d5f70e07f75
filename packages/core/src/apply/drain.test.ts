import { expect } from 'chai';
import { stepsFinishingStartedMoves } from './drain.js';
import type { PlanStep } from '../plan/plan.js';

const none = { aliases: [], enabled: true, certificateArn: null };
const record = (name: string, to: string) => ({ name, type: 'CNAME', ttl: 300, values: [to] });

/** detach-attach of a (E1 → E2) and b (E3 → E2), batched into one add on E2; plus a move of m (E1 → E4) with AssociateAlias. */
const steps: PlanStep[] = [
  {
    id: 'rm:E1',
    kind: 'update-aliases',
    dependsOn: [],
    phase: 1,
    distribution: 'E1',
    remove: ['a.example.com'],
    add: [],
    precondition: none,
    postcondition: { aliases: [] },
  },
  {
    id: 'rm:E3',
    kind: 'update-aliases',
    dependsOn: [],
    phase: 1,
    distribution: 'E3',
    remove: ['b.example.com'],
    add: [],
    precondition: none,
    postcondition: { aliases: [] },
  },
  { id: 'wait:E1', kind: 'wait-deployed', dependsOn: ['rm:E1'], phase: 1, distribution: 'E1' },
  { id: 'wait:E3', kind: 'wait-deployed', dependsOn: ['rm:E3'], phase: 1, distribution: 'E3' },
  {
    id: 'dns:mid',
    kind: 'change-dns',
    dependsOn: ['wait:E1', 'wait:E3'],
    phase: 1,
    zoneId: 'Z',
    zoneName: 'example.com.',
    changes: [
      { action: 'UPSERT', record: record('a.example.com.', 'e2') },
      { action: 'UPSERT', record: record('b.example.com.', 'e2') },
    ],
    precondition: { records: [] },
    postcondition: { records: [] },
  },
  { id: 'wait-dns:mid', kind: 'wait-dns', dependsOn: ['dns:mid'], phase: 1, zoneId: 'Z', changeStep: 'dns:mid' },
  {
    id: 'add:E2',
    kind: 'update-aliases',
    dependsOn: ['wait-dns:mid'],
    phase: 2,
    distribution: 'E2',
    remove: [],
    add: ['a.example.com', 'b.example.com'],
    precondition: none,
    postcondition: { aliases: ['a.example.com', 'b.example.com'] },
  },
  { id: 'wait:E2', kind: 'wait-deployed', dependsOn: ['add:E2'], phase: 2, distribution: 'E2' },
  {
    id: 'verify:E2',
    kind: 'verify',
    dependsOn: ['wait:E2'],
    phase: 2,
    distribution: 'E2',
    aliases: ['a.example.com', 'b.example.com'],
    dns: [],
  },
  {
    id: 'move:m',
    kind: 'move-alias',
    dependsOn: [],
    phase: 1,
    alias: 'm.example.com',
    from: 'E1',
    to: 'E4',
    api: 'update-domain-association',
    precondition: { aliasOn: 'E1' },
    postcondition: { aliasOn: 'E4' },
  },
  { id: 'wait:E4', kind: 'wait-deployed', dependsOn: ['move:m'], phase: 1, distribution: 'E4' },
  {
    id: 'dns:post',
    kind: 'change-dns',
    dependsOn: ['wait:E4'],
    phase: 1,
    zoneId: 'Z',
    zoneName: 'example.com.',
    changes: [{ action: 'UPSERT', record: record('M.example.com', 'e4') }],
    precondition: { records: [] },
    postcondition: { records: [] },
  },
  { id: 'wait-dns:post', kind: 'wait-dns', dependsOn: ['dns:post'], phase: 1, zoneId: 'Z', changeStep: 'dns:post' },
];

const required = (...done: string[]): string[] => [...stepsFinishingStartedMoves(steps, new Set(done))].sort();

describe('stepsFinishingStartedMoves', () => {
  it('requires nothing when no move has started', () => {
    expect(required()).to.deep.equal([]);
    expect(required('wait:E2')).to.deep.equal([]);
  });

  it('after a removal: its add and everything the add waits for, including the batched removal of the other alias', () => {
    expect(required('rm:E1')).to.deep.equal(['add:E2', 'dns:mid', 'rm:E3', 'wait-dns:mid', 'wait:E1', 'wait:E3']);
  });

  it('shrinks as the steps finish, and is empty once the add is done', () => {
    expect(required('rm:E1', 'rm:E3', 'wait:E1', 'wait:E3', 'dns:mid')).to.deep.equal(['add:E2', 'wait-dns:mid']);
    expect(required('rm:E1', 'rm:E3', 'wait:E1', 'wait:E3', 'dns:mid', 'wait-dns:mid', 'add:E2')).to.deep.equal([]);
  });

  it('after an AssociateAlias: the repoint of its record (name compared case- and dot-insensitively) and what it waits for', () => {
    expect(required('move:m')).to.deep.equal(['dns:post', 'wait:E4']);
    expect(required('move:m', 'wait:E4', 'dns:post')).to.deep.equal([]);
  });
});
