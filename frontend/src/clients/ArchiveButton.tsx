// Archiving keeps the record (it is never deleted) and takes the client out of the list.
import { useArchiveClient } from '../api/clients';
import type { ClientView } from '../api/types';

export function ArchiveButton({ client }: { client: ClientView }) {
  const archive = useArchiveClient(client.id);
  return (
    <button
      type="button"
      className="button subtle"
      disabled={archive.isPending}
      onClick={() => archive.mutate(!client.archived)}
    >
      {client.archived ? 'Unarchive' : 'Archive'}
    </button>
  );
}
