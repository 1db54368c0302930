import { createInterface } from 'node:readline';
import type { InspectionEvent } from 'xstate';
import type { CliOptions } from './args.ts';
import { openBackend } from './backend.ts';
import { Conversation } from './conversation.ts';
import { Terminal } from './terminal.ts';

/** Where the interactive session reads and writes. */
export interface InteractiveIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Passed on to the actor, for an inspector. @default undefined */
  inspect?: (event: InspectionEvent) => void;
}

/** Runs the question-and-answer session in a terminal. Resolves with the exit status. */
export async function runInteractive(options: CliOptions, io: InteractiveIo): Promise<number> {
  const terminal = new Terminal(io.output);
  const backend = await openBackend(options, terminal.print);
  terminal.print(backend.description);
  terminal.print('Type q and press Enter to quit at any time.');
  const rl = createInterface({ input: io.input, output: io.output, terminal: true, historySize: 0 });
  terminal.attach(rl);
  return new Promise((resolve) => {
    let finished = false;
    const finish = (status: number, message?: string) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      terminal.detach();
      if (message) terminal.print(message);
      conversation.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      rl.close();
      void backend.close().then(() => resolve(status));
    };
    const onSignal = (signal: NodeJS.Signals) => finish(signal === 'SIGINT' ? 130 : 143, 'Interrupted.');
    const conversation = new Conversation({ options, backend, terminal, inspect: io.inspect, finish });
    const timer = setInterval(() => conversation.tick(), 1000);
    rl.on('line', (line) => conversation.onLine(line));
    rl.on('SIGINT', () => finish(130, 'Interrupted.'));
    rl.on('close', () => finish(conversation.quitStatus(), 'Quit.'));
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    conversation.start();
  });
}
