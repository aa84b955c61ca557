// The emails the server under test wrote as `.eml` files (it runs with KNEAD_MAIL_DIR; the
// tests are told the same folder in KNEAD_E2E_MAIL_DIR): found by recipient, bodies decoded.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MAIL_DIR = process.env.KNEAD_E2E_MAIL_DIR ?? '';

export interface Mail {
  file: string;
  headers: string;
  body: string;
}

/** Quoted-printable: soft line breaks (`=` at a line's end) joined, `=XX` bytes put back (UTF-8). */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A single-part message's headers (folded lines unfolded) and its decoded body. */
export function parseMail(raw: string, file = ''): Mail {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = (split < 0 ? raw : raw.slice(0, split)).replace(/\r?\n[ \t]+/g, ' ');
  const rest = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  let body = rest;
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(rest);
  else if (encoding === 'base64') body = Buffer.from(rest.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { file, headers, body: body.replace(/\r\n/g, '\n') };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every message in the folder whose `To:` names `address`. */
export async function mailsTo(address: string): Promise<Mail[]> {
  if (!MAIL_DIR) throw new Error('KNEAD_E2E_MAIL_DIR must name the folder the server writes its .eml files into (KNEAD_MAIL_DIR)');
  const files = (await readdir(MAIL_DIR)).filter((f) => f.endsWith('.eml'));
  const mails = await Promise.all(files.map(async (f) => parseMail(await readFile(join(MAIL_DIR, f), 'utf8'), f)));
  const to = new RegExp(`^to:.*${escaped(address)}`, 'im');
  return mails.filter((m) => to.test(m.headers));
}

/** Waits (up to `seconds`) for a message to `address` whose body matches `pattern`; the match. */
export async function waitForMail(address: string, pattern: RegExp, seconds = 20): Promise<RegExpExecArray> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    for (const mail of await mailsTo(address)) {
      const found = pattern.exec(mail.body);
      if (found) return found;
    }
    if (Date.now() > until) throw new Error(`no email to ${address} matching ${String(pattern)} within ${seconds} s in ${MAIL_DIR}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
