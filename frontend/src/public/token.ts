// A one-time link's token: in the URL fragment (`/intake#<token>`, `/manage#<token>`), which
// browsers never send to servers or logs, or in the path (`/intake/<token>`).

export function readToken(pathToken: string | undefined, hash: string): string {
  return pathToken ?? decodeURIComponent(hash.replace(/^#/, ''));
}
