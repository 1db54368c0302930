import { onScopeDispose, type Ref, ref } from 'vue';

/** A counter that changes every `ms`, so computed views that read it recompute and countdowns move. */
export function useTick(ms = 1000): Ref<number> {
  const tick = ref(0);
  const id = setInterval(() => tick.value++, ms);
  onScopeDispose(() => clearInterval(id));
  return tick;
}
