import { useEffect } from 'react';

/** Names the browser tab (and what screen readers announce on navigation) after the screen. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Knead` : 'Knead';
  }, [title]);
}
