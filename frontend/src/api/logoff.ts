// The practice's automatic-logoff time, read by every signed-in screen's shell.
import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';

/** The default the API applies too, used until the practice is read (or if it cannot be). */
export const DEFAULT_IDLE_MINUTES = 15;

export function useIdleLogoffMinutes(enabled: boolean): number {
  const api = useApi();
  const practice = useQuery({
    queryKey: ['practice', 'idle-logoff'],
    queryFn: async () => unwrap(await api.GET('/v1/practice')).idle_logoff_minutes,
    enabled,
    staleTime: 5 * 60_000,
  });
  return practice.data ?? DEFAULT_IDLE_MINUTES;
}
