import { useEffect, useState } from 'react';

/** Re-renders the component every `ms` so countdowns move. */
export function useTick(ms = 1000): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((value) => value + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
  return tick;
}
