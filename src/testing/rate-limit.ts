interface Window {
  start: number;
  count: number;
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {}

  retryAfterSeconds(address: string): number | undefined {
    const now = this.now();
    let window = this.windows.get(address);
    if (!window || now >= window.start + this.limit.windowMs) {
      if (this.windows.size > 10_000) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(address, window);
    }
    window.count += 1;
    if (window.count <= this.limit.max) return undefined;
    return Math.max(1, Math.ceil((window.start + this.limit.windowMs - now) / 1000));
  }

  private sweep(now: number): void {
    for (const [address, window] of this.windows) {
      if (now >= window.start + this.limit.windowMs) this.windows.delete(address);
    }
  }
}
