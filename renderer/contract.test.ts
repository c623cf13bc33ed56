// The contract scenarios against the fake main side the component tests use. The same scenarios
// run against the real service (main/service/contract.test.ts, main/electron/preload-ipc.test.ts):
// a component test can only show the window what the real app can show it.

import { describe, it } from 'vitest';
import { fakeWorld, SCENARIOS } from '../main/test-support/renderer/fake-world.js';

describe("the renderer's fake answers every contract scenario as the real service does", () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => scenario.run(fakeWorld()));
  }
});
