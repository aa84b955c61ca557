import { describe, expect, it } from 'vitest';
import type { DueClient, DueStatus } from '../api/types';
import { groupDue, sinceWhen } from './due';

function due(id: string, status: DueStatus): DueClient {
  return {
    client_id: id,
    given_name: id,
    family_name: 'X',
    status,
    due_from: '2026-11-30',
    due_until: '2026-12-07',
    therapist_id: 't',
    therapist_name: 'Maya Chen',
    service_id: 's',
    slots: [],
  };
}

describe('groupDue', () => {
  it('puts overdue first, then due, then upcoming, keeping the order within a group', () => {
    const groups = groupDue([due('a', 'due'), due('b', 'upcoming'), due('c', 'overdue'), due('d', 'due')]);
    expect(groups.map((g) => [g.status, g.clients.map((c) => c.client_id)])).toEqual([
      ['overdue', ['c']],
      ['due', ['a', 'd']],
      ['upcoming', ['b']],
    ]);
  });

  it('leaves out clients just booked and groups left empty', () => {
    const groups = groupDue([due('a', 'due'), due('c', 'overdue')], new Set(['c']));
    expect(groups.map((g) => g.status)).toEqual(['due']);
    expect(groupDue([])).toEqual([]);
  });
});

describe('sinceWhen', () => {
  it('says when the window opened or closed', () => {
    expect(sinceWhen(due('a', 'overdue'))).toMatch(/^Overdue: the window closed .*7/);
    expect(sinceWhen(due('a', 'due'))).toMatch(/^Due since .*30.* \(until .*7.*\)$/);
    expect(sinceWhen(due('a', 'upcoming'))).toMatch(/^Due from .*30/);
  });
});
