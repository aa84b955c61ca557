// The problem a form's last submission got, and the lookup of each field's message.
import { useCallback, useState } from 'react';
import { ApiProblem, networkProblem } from '../api/problem';

export function useProblem() {
  const [problem, setProblemState] = useState<ApiProblem | null>(null);
  const setProblem = useCallback((error: unknown) => {
    if (error === null) setProblemState(null);
    else setProblemState(error instanceof ApiProblem ? error : networkProblem(error));
  }, []);
  const errorFor = useCallback((pointer: string) => problem?.messageFor(pointer), [problem]);
  return { problem, setProblem, errorFor };
}
