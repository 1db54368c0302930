import { describe, expect, it } from 'vitest';
import { within } from '../../src/server/deadline.ts';

const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('within', () => {
  it('answers the promise and clears its timer once the promise settles', async () => {
    const before = timers();
    expect(await within(Promise.resolve('answer'), 600_000)).toBe('answer');
    await expect(within(Promise.reject(new Error('down')), 600_000)).rejects.toThrow('down');
    expect(timers()).toBe(before);
  });

  it('rejects, naming the time, when the promise does not settle in time', async () => {
    await expect(within(new Promise(() => {}), 1)).rejects.toThrow('no answer within 1 ms');
  });
});
