import type { Command } from '../command.js';
import { flashCommand } from './flash.js';
import { listCommand } from './list.js';
import { verifyCommand } from './verify.js';

// Every CLI command, in the order "imprint --help" lists them.
export const COMMANDS: Command[] = [listCommand, flashCommand, verifyCommand];
