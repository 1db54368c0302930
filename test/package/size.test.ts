import { describe, expect, it } from 'vitest';
import { largestModules, measureBundle, ownCode, ownCodeBudgetBytes, thirdParty } from '../../bench/size.ts';

describe('size budget', () => {
  it('keeps the own code an app ships for a flow, minified and gzipped, within 6 KiB', async () => {
    const { gzipBytes, metafile } = await measureBundle(ownCode);
    const largest = largestModules(metafile, 8)
      .map(({ path, bytes }) => `${path}: ${bytes} B minified`)
      .join('\n');
    expect(gzipBytes, `${gzipBytes} B gzip; largest modules:\n${largest}`).toBeLessThanOrEqual(
      ownCodeBudgetBytes,
    );
  });

  it('leaves xstate, ofetch and the other dependencies to the app', async () => {
    expect(thirdParty).toEqual(expect.arrayContaining(['xstate', 'ofetch']));
    const { metafile } = await measureBundle(ownCode);
    const bundled = Object.keys(metafile.inputs).filter((path) => path.includes('node_modules'));
    expect(bundled).toEqual([]);
  });

  it('ships persistence and redaction only to apps that import them', async () => {
    const { metafile } = await measureBundle(ownCode);
    const shipped = largestModules(metafile, Number.POSITIVE_INFINITY).filter(({ bytes }) => bytes > 0);
    expect(shipped.map(({ path }) => path)).toContain('machines/otp.machine.ts');
    expect(shipped.filter(({ path }) => /persist|inspect/.test(path))).toEqual([]);
  });
});
