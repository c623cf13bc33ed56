// Every contract scenario: run against the fake (renderer/contract.test.ts), the real service
// (main/service/contract.test.ts) and the real service behind the real preload and IPC router
// (main/electron/preload-ipc.test.ts). A difference is a bug in whichever side is wrong.

import type { Scenario } from '../world.js';
import { checksumScenarios } from './checksums.js';
import { driveScenarios } from './drives.js';
import { imageScenarios } from './images.js';
import { jobScenarios } from './jobs.js';
import { refusalScenarios } from './refusals.js';
import { settingsScenarios } from './settings.js';

export const SCENARIOS: readonly Scenario[] = [
  ...settingsScenarios,
  ...imageScenarios,
  ...driveScenarios,
  ...checksumScenarios,
  ...refusalScenarios,
  ...jobScenarios,
];
