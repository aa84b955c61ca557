// The practice's wording of its client emails (owners): the five messages with their variables,
// a save, a return to the built-in default, and a preview of unsaved text with example values.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { EmailTemplate, EmailTemplateIntent, EmailTemplateInput } from './types';

const templateKeys = { all: ['email-templates'] as const };

export function useEmailTemplates() {
  const api = useApi();
  return useQuery({
    queryKey: templateKeys.all,
    queryFn: async () => unwrap(await api.GET('/v1/email-templates')).items,
  });
}

/** Puts the saved (or restored) template in the list, so its `custom` flag shows at once. */
function useStore() {
  const queryClient = useQueryClient();
  return (saved: EmailTemplate) =>
    queryClient.setQueryData<EmailTemplate[]>(templateKeys.all, (list) =>
      list?.map((t) => (t.intent === saved.intent ? saved : t)),
    );
}

export function useSaveEmailTemplate() {
  const api = useApi();
  const store = useStore();
  return useMutation({
    mutationFn: async ({ intent, body }: { intent: EmailTemplateIntent; body: EmailTemplateInput }) =>
      unwrap(await api.PUT('/v1/email-templates/{intent}', { params: { path: { intent } }, body })),
    onSuccess: store,
  });
}

export function useRestoreEmailTemplate() {
  const api = useApi();
  const store = useStore();
  return useMutation({
    mutationFn: async (intent: EmailTemplateIntent) =>
      unwrap(await api.DELETE('/v1/email-templates/{intent}', { params: { path: { intent } } })),
    onSuccess: store,
  });
}

export function usePreviewEmailTemplate() {
  const api = useApi();
  return useMutation({
    mutationFn: async ({ intent, body }: { intent: EmailTemplateIntent; body: EmailTemplateInput }) =>
      unwrap(await api.POST('/v1/email-templates/{intent}/preview', { params: { path: { intent } }, body })),
  });
}
