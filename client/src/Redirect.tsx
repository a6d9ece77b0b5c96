import { useEffect } from 'react';
import { navigate } from './router.js';

/** Replaces the current address with `to` (the page that should be shown instead). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
