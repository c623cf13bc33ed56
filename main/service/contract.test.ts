// The contract scenarios against the real service: real image files, real loop devices, the real
// writer. The renderer's fake answers the same scenarios (renderer/contract.test.ts); where they
// differ, one of them is wrong.

import { afterAll, beforeAll, describe, it } from 'vitest';
import { direct, makeRealMachine, realWorld, realWorldMissing, type RealMachine } from '../test-support/contract/real-world.js';
import { SCENARIOS } from '../test-support/contract/scenarios/index.js';

const skip = realWorldMissing();

describe.skipIf(skip !== null)('the real service answers every contract scenario', () => {
  let machine: RealMachine;
  beforeAll(() => {
    machine = makeRealMachine();
  });
  afterAll(() => machine.remove());

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const world = await realWorld(machine, direct);
      try {
        await scenario.run(world);
      } finally {
        await world.dispose();
      }
    });
  }
});
