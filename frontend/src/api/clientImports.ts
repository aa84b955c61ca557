// Importing clients from another product's CSV export (owners): a preview of how the file's
// columns map and which rows are wrong or already clients, then the import itself.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { idempotencyKey, textBody } from './client';
import { useApi } from './context';
import { ApiProblem, unwrap } from './problem';
import type { ImportPreview, ImportResult } from './types';

/** One operation answers both (200 preview, 201 import); each hook expects its own. */
function answerAs<T extends ImportPreview | ImportResult>(data: ImportPreview | ImportResult, is: (d: typeof data) => d is T): T {
  if (is(data)) return data;
  throw new ApiProblem({ type: 'about:blank', title: 'Unexpected answer', status: 200, detail: 'The server answered with something else than asked for.' });
}

const isPreview = (d: ImportPreview | ImportResult): d is ImportPreview => 'columns' in d;
const isResult = (d: ImportPreview | ImportResult): d is ImportResult => 'imported' in d;

/** The preview changes nothing, so it is a mutation only because it carries the file. */
export function usePreviewImport() {
  const api = useApi();
  return useMutation({
    mutationFn: async (csv: string) =>
      answerAs(unwrap(await api.POST('/v1/client-imports', { body: csv, ...textBody('text/csv') })), isPreview),
  });
}

export function useCommitImport() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (csv: string) =>
      answerAs(
        unwrap(
          await api.POST('/v1/client-imports', {
            body: csv,
            params: { query: { commit: true }, header: { 'Idempotency-Key': idempotencyKey() } },
            ...textBody('text/csv'),
          }),
        ),
        isResult,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['clients'] }),
  });
}
