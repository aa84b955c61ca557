// Knead's integration flow in TypeScript: openapi-fetch over the types openapi-typescript
// generates from the spec (the web app's frontend/src/api/schema.d.ts), so a request or an
// answer that drifts from the spec fails the type check.
//
// With an API key (read-write; clinical scope is not needed) it reads the change feed to its
// end, creates a client (with an Idempotency-Key, and checks that a retry replays), finds a
// weekly slot free for six weeks (availability, then a preview of the series), books the
// series, checks the client's bookings against the preview, and follows the feed from the
// kept cursor until the client, the series and each booking have appeared. Any mismatch
// ends it with a message and exit status 1.
//
//   KNEAD_URL=http://127.0.0.1:8080 KNEAD_API_KEY=kk1_... node sync-demo.mjs
//
// docs/integrators.md says how to type-check and run it.
import createClient from 'openapi-fetch';
import type { components, paths } from '../../frontend/src/api/schema';

type Schemas = components['schemas'];
type Problem = Schemas['Problem'];
type Change = Schemas['ChangeView'];
type ResourceType = Schemas['ResourceType'];
type NewSeries = Schemas['NewSeries'];
type Occurrence = Schemas['PreviewOccurrence'];

const WEEKS = 6;
const PAGE = 200;
// How long the feed may lag behind our writes: a change appears once every transaction that
// began writing before it has ended, in the whole PostgreSQL cluster.
const FEED_PATIENCE_MS = 60_000;
const MIRRORED: ResourceType[] = ['client', 'booking', 'booking_series'];
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

class Mismatch extends Error {}

type Api = ReturnType<typeof createClient<paths>>;

interface Answer<T> {
  data?: T;
  error?: Problem | unknown;
  response: Response;
}

/** The body of an answer with `status`; otherwise its problem+json, as a Mismatch. */
function expect<T>(answer: Answer<T>, status: number, what: string): T {
  const { data, error, response } = answer;
  if (response.status !== status || data === undefined) {
    const problem = error as Partial<Problem> | undefined;
    const fields = (problem?.errors ?? []).map((e) => `${e.pointer ?? e.parameter}: ${e.message}`).join('; ');
    throw new Mismatch(
      `${what}: ${response.status} ${problem?.type ?? ''} ${problem?.title ?? ''} ${problem?.detail ?? ''} ${fields}`.trim(),
    );
  }
  return data;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Mismatch(message);
}

/** Pages of the feed of MIRRORED types after `since`, up to now; each with where to go on. */
async function* feedPages(api: Api, since: string | null): AsyncGenerator<[Change[], string | null]> {
  for (;;) {
    const query = { types: MIRRORED.join(','), limit: PAGE, ...(since === null ? {} : { since }) };
    const page = expect(await api.GET('/v1/changes', { params: { query } }), 200, 'list_changes');
    since = page.next_cursor ?? since;
    yield [page.items, since];
    if (page.items.length < PAGE) return;
  }
}

async function feedEnd(api: Api): Promise<string | null> {
  let cursor: string | null = null;
  for await (const [, next] of feedPages(api, null)) cursor = next;
  return cursor;
}

/** Follows the feed from `since` until every wanted resource (`type:id`) has been seen. */
async function mirror(api: Api, since: string | null, wanted: Set<string>): Promise<Map<string, Change[]>> {
  const deadline = Date.now() + FEED_PATIENCE_MS;
  const seen = new Map<string, Change[]>();
  const cursors = new Set<string>();
  for (;;) {
    for await (const [items, next] of feedPages(api, since)) {
      since = next;
      for (const item of items) {
        check(!cursors.has(item.cursor), `the feed delivered cursor ${item.cursor} twice`);
        cursors.add(item.cursor);
        check(MIRRORED.includes(item.resource_type), `types= was not honoured: ${item.resource_type}`);
        const key = `${item.resource_type}:${item.resource_id}`;
        seen.set(key, [...(seen.get(key) ?? []), item]);
      }
    }
    const missing = [...wanted].filter((k) => !seen.has(k));
    if (missing.length === 0) return seen;
    if (Date.now() > deadline) {
      throw new Mismatch(`not in the change feed after ${FEED_PATIENCE_MS / 1000} s: ${missing.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** An instant as a local date-time in `zone` (`2026-12-01T10:00:00`) and its weekday code. */
function local(instant: string, zone: string): [string, string] {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return [`${date}T${part('hour')}:${part('minute')}:${part('second')}`, WEEKDAYS[weekday] ?? ''];
}

/** A weekly series for the client that books WEEKS occurrences with nothing in the way. */
async function weeklySlot(api: Api, zone: string, clientId: string): Promise<[NewSeries, Occurrence[]]> {
  const staff = expect(await api.GET('/v1/staff', {}), 200, 'list_staff').items;
  const therapists = staff.filter((s) => s.role === 'therapist' && s.active);
  const services = expect(await api.GET('/v1/services', {}), 200, 'list_services').filter((s) => s.active);
  const service = [...services].sort((a, b) => a.duration_minutes - b.duration_minutes)[0];
  check(therapists.length > 0 && service !== undefined, 'the practice needs an active therapist and service');
  const from = new Date(Date.now() + 86_400_000);
  from.setUTCMilliseconds(0);
  const to = new Date(from.getTime() + 7 * 86_400_000);
  let tried = 0;
  for (const therapist of therapists) {
    const query = {
      service_id: service.id,
      therapist_id: therapist.id,
      from: from.toISOString(),
      to: to.toISOString(),
      step_minutes: 60,
    };
    const free = expect(await api.GET('/v1/availability', { params: { query } }), 200, 'get_availability');
    for (const slot of free.slots) {
      const [firstStart, weekday] = local(slot.starts_at, zone);
      const body: NewSeries = {
        client_id: clientId,
        therapist_id: therapist.id,
        service_id: service.id,
        first_start: firstStart,
        rrule: `FREQ=WEEKLY;COUNT=${WEEKS};BYDAY=${weekday}`,
      };
      const preview = expect(await api.POST('/v1/booking-series/preview', { body }), 200, 'preview');
      check(preview.occurrences.length === WEEKS, `preview of COUNT=${WEEKS} has ${preview.occurrences.length}`);
      if (preview.occurrences.every((o) => o.clashes.length === 0 && !o.unavailable)) {
        return [body, preview.occurrences];
      }
      tried += 1;
      if (tried >= 40) break;
    }
  }
  throw new Mismatch(`no weekly slot free for ${WEEKS} weeks among ${tried} previewed`);
}

async function run(url: string, key: string): Promise<void> {
  const api = createClient<paths>({ baseUrl: url, headers: { Authorization: `Bearer ${key}` } });
  const start = await feedEnd(api);
  console.log(`feed: starting after cursor ${start}`);

  const practice = expect(await api.GET('/v1/practice', {}), 200, 'get_practice');

  const tag = crypto.randomUUID().slice(0, 8);
  const body = { given_name: 'Sync', family_name: `Demo ${tag}`, email: `sync-${tag}@example.com` };
  const header = { 'Idempotency-Key': `sync-demo-client-${tag}` };
  const first = await api.POST('/v1/clients', { body, params: { header } });
  const created = expect(first, 201, 'create_client');
  const limit = Number(first.response.headers.get('RateLimit-Limit'));
  check(limit > 0, "an API key's answer carries RateLimit-Limit");
  const again = await api.POST('/v1/clients', { body, params: { header } });
  const replayed = expect(again, 201, 'create_client retried');
  check(again.response.headers.get('Idempotent-Replayed') === 'true', 'a retry with the same Idempotency-Key replays');
  check(replayed.id === created.id, `the retry made another client (${replayed.id}, not ${created.id})`);
  console.log(`client: created ${created.id} (${created.given_name} ${created.family_name}); retry replayed`);

  const [series, occurrences] = await weeklySlot(api, practice.time_zone, created.id);
  console.log(`series: previewed ${series.rrule} from ${series.first_start}: all ${WEEKS} free`);
  const written = expect(
    await api.POST('/v1/booking-series', {
      body: series,
      params: { header: { 'Idempotency-Key': `sync-demo-series-${tag}` } },
    }),
    201,
    'create_booking_series',
  );
  check(written.booked === WEEKS, `the series booked ${written.booked}, not ${WEEKS}`);
  check(written.skipped.length === 0, `the series skipped ${written.skipped.length} occurrence(s)`);
  console.log(`series: booked ${written.booked} as ${written.series.id}`);

  const bookings = expect(
    await api.GET('/v1/bookings', { params: { query: { client_id: created.id, limit: 50 } } }),
    200,
    'list_bookings',
  ).items;
  check(bookings.length === WEEKS, `the client has ${bookings.length} bookings, not ${WEEKS}`);
  check(
    bookings.every((b) => b.series_id === written.series.id),
    'a booking of the new client is not an occurrence of its series',
  );
  const instants = (values: string[]) => values.map((v) => Date.parse(v)).sort((a, b) => a - b);
  check(
    JSON.stringify(instants(bookings.map((b) => b.starts_at))) ===
      JSON.stringify(instants(occurrences.map((o) => o.starts_at))),
    'the bookings are not the occurrences the preview showed',
  );
  console.log(`bookings: ${bookings.length} for the client, at the previewed times`);

  const clientKey = `client:${created.id}`;
  const wanted = new Set([clientKey, `booking_series:${written.series.id}`, ...bookings.map((b) => `booking:${b.id}`)]);
  const seen = await mirror(api, start, wanted);
  const clientChanges = seen.get(clientKey) ?? [];
  check(clientChanges.length === 1, `the new client has ${clientChanges.length} changes, not 1`);
  const [clientChange] = clientChanges;
  check(clientChange?.change === 'upsert', "the new client's change is not an upsert");
  const current = await api.GET('/v1/clients/{id}', { params: { path: { id: created.id } } });
  expect(current, 200, 'get_client');
  const etag = current.response.headers.get('ETag');
  check(etag === `"v${clientChange.version}"`, `the feed's version ${clientChange.version} is not the ETag ${etag}`);
  for (const b of bookings) {
    const kinds = (seen.get(`booking:${b.id}`) ?? []).map((c) => c.change);
    check(kinds.length === 1 && kinds[0] === 'upsert', `booking ${b.id} appeared as ${kinds.join(',')}, not one upsert`);
  }
  console.log(`feed: the client, the series and its ${bookings.length} bookings appeared (${wanted.size} resources)`);
}

const url = process.env.KNEAD_URL ?? 'http://127.0.0.1:8080';
const key = process.env.KNEAD_API_KEY;
if (!key) {
  console.error('sync-demo: set KNEAD_API_KEY to an API key (kk1_...)');
  process.exit(2);
}
try {
  await run(url, key);
  console.log('sync-demo: passed');
} catch (e) {
  if (!(e instanceof Mismatch)) throw e;
  console.error(`sync-demo: FAILED: ${e.message}`);
  process.exit(1);
}
