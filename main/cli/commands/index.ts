import type { Command } from '../command.js';
import { extractCommand } from './extract.js';
import { flashCommand } from './flash.js';
import { hashCommand } from './hash.js';
import { inspectCommand } from './inspect.js';
import { listCommand } from './list.js';
import { lsCommand } from './ls.js';
import { verifyCommand } from './verify.js';

// Every CLI command, in the order "imprint --help" lists them.
export const COMMANDS: Command[] = [listCommand, inspectCommand, lsCommand, extractCommand, flashCommand, verifyCommand, hashCommand];
