import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { otpMachine } from '../src/index.ts';
import { DIAGRAM_END, DIAGRAM_START, diagramMarkdown, withDiagram } from '../src/inspector/diagram.ts';

const check = process.argv.includes('--check');
const markdown = diagramMarkdown(otpMachine);
const readme = new URL('../README.md', import.meta.url);
const docs = new URL('../docs/state-diagram.md', import.meta.url);

const docsTemplate = `# State diagram

The OTP statechart (\`otpMachine\`), generated from the machine definition by \`npm run diagram\`.
Do not edit the diagram by hand: a test fails when it no longer matches the machine.

- \`[*] -->\` marks the initial state of the machine and of \`awaitingCode\`; \`authenticated --> [*]\` is the
  final state.
- Labels are the event, then the guard in brackets: \`SEND [isResendReady]\`. \`sendCode done\` and
  \`verifyCode error\` are the \`xstate.done.actor.*\` / \`xstate.error.actor.*\` events of invoked actors;
  an unguarded transition listed after guarded ones for the same event is the fallback.
- \`RESET\` is handled at the root, so it is drawn from every state it applies to.
- Transitions that only run actions (an invalid \`SEND\` or code, a cooldown ending) are left out.

${DIAGRAM_START}
${DIAGRAM_END}
`;

const read = (url: URL) => readFile(url, 'utf8').catch(() => null);

async function update(url: URL, current: string, name: string): Promise<boolean> {
  const next = withDiagram(current, markdown);
  if (next === null) {
    console.log(`${name}: no ${DIAGRAM_START} / ${DIAGRAM_END} markers, left as is`);
    return true;
  }
  if (next === current) {
    console.log(`${name}: up to date`);
    return true;
  }
  if (check) {
    console.log(`${name}: out of date, run npm run diagram`);
    return false;
  }
  await writeFile(url, next);
  console.log(`${name}: updated`);
  return true;
}

await mkdir(new URL('../docs/', import.meta.url), { recursive: true });
const results = [
  await update(docs, (await read(docs)) ?? docsTemplate, 'docs/state-diagram.md'),
  await update(readme, (await read(readme)) ?? '', 'README.md'),
];
if (results.includes(false)) process.exitCode = 1;
