import { describe, expect, it } from 'vitest';
import { Session } from './session';
import { LSN_HEADER, parseLsn } from './written';

const BASE = 'http://api.test';

/** A fake API: writes answer with the next position from `positions`; reads record what they carried. */
function fakeApi(positions: (string | null)[]) {
  const carried: (string | null)[] = [];
  const fetch = (request: Request): Promise<Response> => {
    if (request.method === 'GET') {
      carried.push(request.headers.get(LSN_HEADER));
      return Promise.resolve(new Response('{"items":[]}', { status: 200 }));
    }
    const position = positions.shift() ?? null;
    const headers: Record<string, string> = position ? { [LSN_HEADER]: position } : {};
    return Promise.resolve(new Response('{}', { status: 201, headers }));
  };
  const session = new Session({ baseUrl: BASE, fetch, schedule: false });
  const read = () => session.fetch(new Request(`${BASE}/v1/bookings`));
  const write = () => session.fetch(new Request(`${BASE}/v1/bookings`, { method: 'POST', body: '{}' }));
  return { session, carried, read, write };
}

describe('read-your-writes position', () => {
  it('sends nothing before a write, then the highest position any write answered with', async () => {
    const api = fakeApi(['0/3000060', '0/2FFFFFF', '1/0', 'not-a-position', null]);
    await api.read();
    await api.write();
    await api.read();
    await api.write(); // an older position (another server answered first): kept out
    await api.read();
    await api.write(); // the high half counts first: 1/0 is past 0/FFFFFFFF
    await api.read();
    await api.write(); // a garbled header is ignored
    await api.write(); // so is a write answered without one
    await api.read();
    expect(api.carried).toEqual([null, '0/3000060', '0/3000060', '1/0', '1/0']);
    expect(api.session.written.current).toBe('1/0');
  });

  it('puts the position on reads only', async () => {
    const sent: Request[] = [];
    const fetch = (request: Request) => {
      sent.push(request);
      return Promise.resolve(new Response('{}', { status: 201, headers: { [LSN_HEADER]: 'A/1' } }));
    };
    const session = new Session({ baseUrl: BASE, fetch, schedule: false });
    await session.fetch(new Request(`${BASE}/v1/clients`, { method: 'POST', body: '{}' }));
    await session.fetch(new Request(`${BASE}/v1/clients/1`, { method: 'PATCH', body: '{}' }));
    await session.fetch(new Request(`${BASE}/v1/clients`));
    expect(sent.map((r) => r.headers.get(LSN_HEADER))).toEqual([null, null, 'A/1']);
  });

  it('reads positions as PostgreSQL writes them', () => {
    expect(parseLsn('16/B374D848')).toEqual([0x16, 0xb374d848]);
    for (const bad of [null, '', '16', '16/', '/1', 'G/1', '123456789/0', '1/2/3']) {
      expect(parseLsn(bad)).toBeNull();
    }
  });
});
