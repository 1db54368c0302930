#!/usr/bin/env node
import { runTestServerCommand } from './command.ts';

await runTestServerCommand(process.argv.slice(2));
