// The key that seals this user's local note drafts. The API hands it out after sign-in
// (`GET /v1/me/draft-key`, the same key on every sign-in of a user, another for each user,
// refused to the front desk); it is imported as a non-extractable AES-GCM key and lives only
// in memory, in the query cache, which sign-out clears.
import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';

export interface DraftKey {
  key: CryptoKey;
  keyId: string;
}

export const draftKeyKey = ['draft-key'] as const;

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Imports the API's base64url key: AES-GCM, 256 bits, usable but never readable again. */
export async function importDraftKey(key: string, keyId: string, subtle: SubtleCrypto = crypto.subtle): Promise<DraftKey> {
  const raw = fromBase64Url(key);
  if (raw.length !== 32) throw new Error('A draft key has 32 bytes.');
  const imported = await subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  return { key: imported, keyId };
}

/** Only clinical roles ask; the answer is never cached by the browser (`no-store`). */
export function useDraftKey(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: draftKeyKey,
    queryFn: async () => {
      const { key, key_id } = unwrap(await api.GET('/v1/me/draft-key', { cache: 'no-store' }));
      return importDraftKey(key, key_id);
    },
    enabled,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 2,
  });
}
