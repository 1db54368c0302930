#!/usr/bin/env node
import { sdkVersion } from '../descope/version.ts';
import { type LocalInspector, startLocalInspector } from '../inspector/index.ts';
import { runTestServerCommand } from '../testing/index.ts';
import { type CliOptions, parseCli, UsageError } from './args.ts';
import { runDemo } from './demo.ts';
import { helpText } from './help.ts';
import { runInteractive } from './interactive.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function withInspector(options: CliOptions, run: (inspector?: LocalInspector) => Promise<number>) {
  if (!options.inspect) return run();
  const inspector = await startLocalInspector();
  out(`Inspector (redacted events): ${inspector.url}`);
  try {
    return await run(inspector);
  } finally {
    await inspector.close();
  }
}

async function runDemoMode(options: CliOptions, reason: string, inspector?: LocalInspector): Promise<number> {
  out(reason);
  const controller = new AbortController();
  const abort = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await runDemo({
      print: out,
      showTokens: options.showTokens,
      signal: controller.signal,
      inspect: inspector?.inspect,
    });
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

async function main(argv: string[]): Promise<number | undefined> {
  let command: ReturnType<typeof parseCli>;
  try {
    command = parseCli(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`✖ ${error.message}`);
    err('Run descope-otp-machine --help for usage.');
    return 2;
  }
  switch (command.kind) {
    case 'help':
      out(helpText);
      return 0;
    case 'version':
      out(sdkVersion);
      return 0;
    case 'testServer':
      await runTestServerCommand(command.argv);
      return undefined;
    case 'run': {
      const { options } = command;
      return withInspector(options, (inspector) => {
        if (options.demo)
          return runDemoMode(options, 'Scripted demo against the embedded test server.', inspector);
        if (!process.stdin.isTTY) {
          return runDemoMode(
            options,
            'No terminal on stdin: running the scripted demo (see --help).',
            inspector,
          );
        }
        return runInteractive(options, {
          input: process.stdin,
          output: process.stdout,
          inspect: inspector?.inspect,
        });
      });
    }
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    if (status === undefined) return;
    process.exitCode = status;
  },
  (error: unknown) => {
    err(`✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
