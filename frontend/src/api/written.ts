// Read-your-writes with the API's database replicas: every write answers with how far it
// reached in the primary's write-ahead log (`Knead-Lsn`); the session keeps the highest
// position it has seen and sends it with every read, which a replica then serves only once
// it has replayed that far (the primary serves it before). The position lives in the tab,
// not in storage: a reload starts without one, as a fresh reader does.

export const LSN_HEADER = 'Knead-Lsn';

/** A `pg_lsn` as its two halves (`16/B374D848` → [0x16, 0xB374D848]), compared in order. */
type Position = readonly [number, number];

export function parseLsn(text: string | null): Position | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text?.trim() ?? '');
  if (!match?.[1] || !match[2]) return null;
  return [parseInt(match[1], 16), parseInt(match[2], 16)];
}

function isLater(a: Position, b: Position): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

export class WrittenPosition {
  private highest: { text: string; at: Position } | null = null;

  /** The highest position seen, as the API wrote it; null before the first write. */
  get current(): string | null {
    return this.highest?.text ?? null;
  }

  /** Keeps the answer's position when it is later than the one held (another server's may be older). */
  observe(response: Response): void {
    const text = response.headers.get(LSN_HEADER);
    const at = parseLsn(text);
    if (!text || !at) return;
    if (!this.highest || isLater(at, this.highest.at)) this.highest = { text: text.trim(), at };
  }

  /** The request with the position attached when it is a read and a write has been seen. */
  stamp(request: Request): Request {
    const method = request.method.toUpperCase();
    if (!this.highest || (method !== 'GET' && method !== 'HEAD')) return request;
    const copy = new Request(request);
    copy.headers.set(LSN_HEADER, this.highest.text);
    return copy;
  }
}
