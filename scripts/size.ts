import { resolve } from 'node:path';
import { fullApp, largestModules, measureBundle, ownCode, ownEntry } from '../bench/size.ts';

const entries = process.argv.slice(2);
const own = await measureBundle(ownCode);
const entry = await measureBundle(ownEntry());
const full = await measureBundle(fullApp);

console.log(`own code for a flow (otpMachine + connect, dependencies external): ${own.gzipBytes} B gzip`);
console.log(`own code of the whole main entry (dependencies external): ${entry.gzipBytes} B gzip`);
console.log(`whole app bundle (otpMachine + connect): ${full.gzipBytes} B gzip, ${full.minifiedBytes} B min`);
console.log('largest own modules (minified bytes in the bundle):');
for (const { path, bytes } of largestModules(own.metafile, 12))
  console.log(`  ${String(bytes).padStart(6)}  ${path}`);
for (const entry of entries) {
  const built = await measureBundle(ownEntry(resolve(entry)));
  console.log(`${entry} (dependencies external): ${built.gzipBytes} B gzip, ${built.minifiedBytes} B min`);
}
