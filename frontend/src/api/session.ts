// The login session: tokens, their renewal, and the fetch every API call goes through.
//
// Refresh tokens rotate on every use and presenting a used one revokes the whole login, so
// two renewals must never race with the same token. Within a tab, one refresh runs at a
// time and every caller awaits it (single flight); across tabs, a Web Lock serialises
// renewals and the tab that waited adopts the token the other tab stored.
import { ApiProblem, networkProblem, toProblem } from './problem';
import { WrittenPosition } from './written';
import type {
  Enrolment,
  EnrolmentConfirmed,
  LoginRequest,
  Role,
  SecondFactorRequest,
  SecondStep,
  TokenPair,
} from './types';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Milliseconds since the epoch at which the access token expires. */
  expiresAt: number;
  role: Role;
  staffId: string;
  practiceId: string;
}

type Listener = (tokens: Tokens | null) => void;
type Fetch = (request: Request) => Promise<Response>;

export interface SessionOptions {
  baseUrl: string;
  fetch?: Fetch;
  storage?: Storage | null;
  locks?: LockManager | null;
  now?: () => number;
  /** Renew this long before the access token expires (ms). */
  renewAhead?: number;
  /** Set false in tests to drive renewal by hand. */
  schedule?: boolean;
}

const STORAGE_KEY = 'knead.session';
const LOCK_NAME = 'knead.refresh';

export class Session {
  private current: Tokens | null;
  private inflight: Promise<Tokens | null> | null = null;
  private notice: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<Listener>();
  /** The latest write this tab saw, echoed on reads (read-your-writes with replicas). */
  readonly written = new WrittenPosition();
  private readonly baseUrl: string;
  private readonly rawFetch: Fetch;
  private readonly storage: Storage | null;
  private readonly locks: LockManager | null;
  private readonly now: () => number;
  private readonly renewAhead: number;
  private readonly schedule: boolean;

  constructor(options: SessionOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.rawFetch = options.fetch ?? ((request) => globalThis.fetch(request));
    this.storage = options.storage ?? null;
    this.locks = options.locks ?? null;
    this.now = options.now ?? Date.now;
    this.renewAhead = options.renewAhead ?? 60_000;
    this.schedule = options.schedule ?? true;
    this.current = this.readStored();
    this.arm();
  }

  get tokens(): Tokens | null {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another tab changed the stored session (a `storage` event): follow it. */
  syncFromStorage(): void {
    const stored = this.readStored();
    if (stored?.refreshToken !== this.current?.refreshToken) this.set(stored, false);
  }

  /**
   * The password step: the tokens, or (202) the challenge of a second step — a code, or
   * enrolment first where the practice requires a second factor the account lacks.
   */
  async login(body: LoginRequest): Promise<Tokens | SecondStep> {
    const response = await this.send(this.jsonRequest('/v1/auth/login', body));
    if (!response.ok) throw toProblem(await readJson(response), response);
    if (response.status === 202) return (await response.json()) as SecondStep;
    return this.adopt((await response.json()) as TokenPair);
  }

  /** The second step with a code or a recovery code: the login's tokens. */
  async verifySecondFactor(body: SecondFactorRequest): Promise<Tokens> {
    return this.adopt(await this.post<TokenPair>('/v1/auth/second-factor', body));
  }

  /** Enrolment during a login that the practice's requirement holds back. */
  beginEnrolmentAtLogin(challenge: string): Promise<Enrolment> {
    return this.post<Enrolment>('/v1/auth/second-factor/enrolment', { challenge });
  }

  /** Confirms it: the recovery codes and the tokens, which the caller adopts once they are shown. */
  confirmEnrolmentAtLogin(challenge: string, code: string): Promise<EnrolmentConfirmed> {
    return this.post<EnrolmentConfirmed>('/v1/auth/second-factor/enrolment/confirm', { challenge, code });
  }

  /** Signs in with a pair the API handed out (a login, or a confirmed enrolment). */
  adopt(pair: TokenPair): Tokens {
    const tokens = this.fromPair(pair);
    this.notice = null;
    this.set(tokens);
    return tokens;
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const response = await this.send(this.jsonRequest(path, body));
    if (!response.ok) throw toProblem(await readJson(response), response);
    return (await response.json()) as T;
  }

  /** Why the last login ended when nobody asked (automatic logoff), for the sign-in page. */
  get endNotice(): string | null {
    return this.notice;
  }

  /**
   * Ends the login on the server too; the local session ends whatever the server says.
   * `notice` says why, when the app ended it on its own.
   */
  async logout(notice?: string): Promise<void> {
    const tokens = this.current;
    this.notice = notice ?? null;
    this.set(null);
    if (!tokens) return;
    try {
      await this.send(
        this.jsonRequest('/v1/auth/logout', { refresh_token: tokens.refreshToken }),
      );
    } catch {
      // Offline: the refresh token is forgotten here and expires on its own.
    }
  }

  /** Renews the tokens once, however many callers ask at the same time. */
  refresh(): Promise<Tokens | null> {
    this.inflight ??= this.renewWithLock().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** The fetch for API calls: adds the access token, renews it when due or refused. */
  readonly fetch = async (request: Request): Promise<Response> => {
    let tokens = this.current;
    if (tokens && tokens.expiresAt - this.now() <= this.renewAhead / 2) {
      tokens = await this.refresh();
    }
    const retry = request.clone();
    const response = await this.send(authorised(request, tokens));
    if (response.status !== 401 || !tokens) return response;
    // A call that raced a renewal used the old access token: reuse the new one rather
    // than renewing again with a refresh token that has already rotated.
    const renewed =
      this.current && this.current.accessToken !== tokens.accessToken
        ? this.current
        : await this.refresh();
    if (!renewed) return response;
    return this.send(authorised(retry, renewed));
  };

  private async renewWithLock(): Promise<Tokens | null> {
    const presented = this.current?.refreshToken;
    if (!presented) return null;
    if (!this.locks) return this.renew(presented);
    return this.locks.request(LOCK_NAME, () => {
      // While this tab waited for the lock another may have renewed and stored new tokens.
      const stored = this.readStored();
      if (!stored) {
        this.set(null, false);
        return null;
      }
      if (stored.refreshToken !== presented) {
        this.set(stored, false);
        return stored;
      }
      return this.renew(presented);
    });
  }

  private async renew(presented: string): Promise<Tokens | null> {
    const response = await this.send(
      this.jsonRequest('/v1/auth/refresh', { refresh_token: presented }),
    );
    // 401 (used, revoked or expired) and any other refusal of the token end the login;
    // only server errors leave it in place to be retried.
    if (response.status >= 400 && response.status < 500) {
      this.set(null);
      return null;
    }
    if (!response.ok) throw toProblem(await readJson(response), response);
    const tokens = this.fromPair((await response.json()) as TokenPair);
    // Signed out (or signed in again) while the renewal was under way: its answer must not
    // bring the old login back. The logout presented the rotated token, which the API takes
    // as reuse and revokes the whole family, these new tokens included.
    if (this.current?.refreshToken !== presented) return this.current;
    this.set(tokens);
    return tokens;
  }

  private async send(request: Request): Promise<Response> {
    try {
      const response = await this.rawFetch(this.written.stamp(request));
      this.written.observe(response);
      return response;
    } catch (cause) {
      if (cause instanceof ApiProblem) throw cause;
      throw networkProblem(cause);
    }
  }

  private jsonRequest(path: string, body: unknown): Request {
    return new Request(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private fromPair(pair: TokenPair): Tokens {
    return {
      accessToken: pair.access_token,
      refreshToken: pair.refresh_token,
      expiresAt: this.now() + pair.expires_in * 1000,
      role: pair.role,
      staffId: pair.staff_id,
      practiceId: pair.practice_id,
    };
  }

  private set(tokens: Tokens | null, persist = true): void {
    this.current = tokens;
    if (persist && this.storage) {
      if (tokens) this.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
      else this.storage.removeItem(STORAGE_KEY);
    }
    this.arm();
    for (const listener of this.listeners) listener(tokens);
  }

  /** Renews in the background shortly before expiry, so a form is never sent with a dead token. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.schedule || !this.current) return;
    const due = Math.max(0, this.current.expiresAt - this.renewAhead - this.now());
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        // Offline: the next API call retries the renewal.
      });
    }, due);
  }

  private readStored(): Tokens | null {
    const raw = this.storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<Tokens>;
      if (typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string') {
        return parsed as Tokens;
      }
    } catch {
      // A corrupt entry is treated as logged out.
    }
    return null;
  }
}

function authorised(request: Request, tokens: Tokens | null): Request {
  if (!tokens) return request;
  const copy = new Request(request);
  copy.headers.set('Authorization', `Bearer ${tokens.accessToken}`);
  return copy;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}
