import { useEffect, useRef } from 'react';
import { countdownMark, countdownWords, nextChangeIn, timeLeft } from './roundWords.js';

/**
 * The time left until `closing` (ms, server clock), counting down live. The text is written
 * straight into its element rather than through React state: a React commit while the text
 * editor has focus walks the whole editable DOM, and this ticks every second in the last hour.
 * React hears only of what matters: `onMark` when one of the last minutes' marks is crossed
 * (for the live region) and `onPassed` once at zero.
 */
export function Countdown({
  closing,
  serverNow,
  onPassed,
  onMark,
}: {
  closing: number;
  /** The server's clock now (ms): countdowns never use the browser's own clock (DL2). */
  serverNow: () => number;
  onPassed: () => void;
  onMark: (mark: string) => void;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  const callbacks = useRef({ serverNow, onPassed, onMark });
  callbacks.current = { serverNow, onPassed, onMark };

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let mark: string | null = countdownMark(timeLeft(closing, callbacks.current.serverNow()));
    const tick = () => {
      const left = timeLeft(closing, callbacks.current.serverNow());
      if (ref.current) ref.current.textContent = countdownWords(left);
      if (left.passed) {
        callbacks.current.onPassed();
        return;
      }
      const now = countdownMark(left);
      if (now !== null && now !== mark) callbacks.current.onMark(now);
      mark = now;
      timer = setTimeout(tick, Math.min(nextChangeIn(left), 60_000));
    };
    tick();
    return () => clearTimeout(timer);
  }, [closing]);

  return (
    <span ref={ref} className="round-countdown">
      {countdownWords(timeLeft(closing, serverNow()))}
    </span>
  );
}
