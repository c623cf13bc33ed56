// The window's whole path to the device, as in the app: the real preload body (preload-bridge.ts)
// exposes window.imprint, the real IPC router (ipc-router.ts) checks and routes, the real service
// answers with real images, loop devices and the writer. Electron's IPC itself is the in-memory pair.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, REQUEST_CHANNELS, type EventChannel, type ImprintApi, type RequestChannel, type Result } from '../../app/ipc-contract.js';
import { answer, listen } from '../test-support/contract/expect.js';
import { makeRealMachine, realWorld, realWorldMissing, type RealMachine, type RealWorld } from '../test-support/contract/real-world.js';
import { SCENARIOS } from '../test-support/contract/scenarios/index.js';
import { loops, pick } from '../test-support/contract/scenarios/steps.js';
import { currentJob, hashReport, imageSummary, jobResultEvent, jobStarted, LOOP_TICKS, nullable, settings } from '../test-support/contract/shapes.js';
import { PAGE_URL, throughPreload, type Wiring } from '../test-support/contract/through-preload.js';
import { setupIpcRouter } from './ipc-router.js';
import { exposeImprintApi } from './preload-bridge.js';

const skip = realWorldMissing();

describe.skipIf(skip !== null)('the real preload and IPC router over the real service', () => {
  let machine: RealMachine;
  beforeAll(() => {
    machine = makeRealMachine();
  });
  afterAll(() => machine.remove());

  async function wiredWorld(): Promise<{ world: RealWorld; wiring: Wiring }> {
    let wiring: Wiring | null = null;
    const world = await realWorld(
      machine,
      throughPreload({ setupIpcRouter, exposeImprintApi }, (w) => {
        wiring = w;
      }),
    );
    if (!wiring) throw new Error('the world was not wired');
    return { world, wiring };
  }

  describe('every contract scenario, through the preload and the router', () => {
    for (const scenario of SCENARIOS) {
      it(scenario.name, async () => {
        const { world } = await wiredWorld();
        try {
          await scenario.run(world);
        } finally {
          await world.dispose();
        }
      });
    }
  });

  it('exposes one function per request and event of the contract, and nothing else', async () => {
    const { world, wiring } = await wiredWorld();
    try {
      expect(Object.keys(wiring.ours.mainWorld)).toEqual(['imprint']);
      const exposed = wiring.ours.mainWorld.imprint as Record<string, unknown>;
      expect(Object.isFrozen(exposed)).toBe(true);
      expect(Object.values(exposed).every((v) => typeof v === 'function')).toBe(true);
      expect(Object.keys(exposed)).toHaveLength(REQUEST_CHANNELS.length + EVENT_CHANNELS.length);
    } finally {
      await world.dispose();
    }
  });

  it('answers every request channel of the contract through the exposed API, each reaching the service', async () => {
    const { world, wiring } = await wiredWorld();
    const { api } = world;
    const log = listen(api, world.eventTimeoutMs);
    try {
      const image = await pick(world, world.image.path);
      const { fits } = await loops(world);
      let jobId = '';
      const ok = async <T>(request: Promise<Result<T>>): Promise<T> => {
        const result = await request;
        if (!result.ok) expect.fail(`${result.error.code}: ${result.error.message}`);
        return result.value;
      };
      // Each channel once more, in an order that gives the later ones what they need (a Record: a
      // channel added to the contract needs its step here).
      const steps: Record<RequestChannel, (a: ImprintApi) => Promise<unknown>> = {
        'image:choose': (a) => ok(a.chooseImage()),
        'image:open-dropped': (a) => ok(a.openDroppedFile(world.drop(world.image.path))),
        'image:recent': (a) => ok(a.recentImages()),
        'image:open-recent': async (a) => {
          const [recent] = await ok(a.recentImages());
          return ok(a.openRecent(recent?.recentId ?? ''));
        },
        'image:hash': async (a) => expect(answer(await a.hashImage(image.imageId, 'sha256'), hashReport).hex).toBe(world.image.digests.sha256),
        'image:check-sums-file': async (a) => {
          world.chooseSumsFile('matching');
          expect(answer(await a.checkSumsFile(image.imageId), nullable(hashReport))?.matches).toBe(true);
        },
        'drives:list': (a) => ok(a.listDrives()),
        'settings:get': async (a) => answer(await a.getSettings(), settings),
        'settings:set': async (a) => answer(await a.setSettings({ eject: false }), settings),
        'job:flash': async (a) => {
          ({ jobId } = answer(await a.flash({ imageId: image.imageId, driveIds: [fits.driveId], acknowledged: [{ driveId: fits.driveId, codes: LOOP_TICKS }], verify: true, eject: false }), jobStarted));
        },
        'job:current': async (a) => expect(answer(await a.currentJob(), nullable(currentJob))?.jobId).toBe(jobId),
        'job:cancel': async (a) => {
          expect(await ok(a.cancel(jobId))).toBe(true);
          await log.next('job:result', (e) => e.jobId === jobId);
        },
        'job:verify': async (a) => {
          const check = answer(await a.verify(image.imageId, fits.driveId), jobStarted);
          await log.next('job:result', (e) => e.jobId === check.jobId);
        },
      };
      const order: RequestChannel[] = ['image:choose', 'image:open-dropped', 'image:recent', 'image:open-recent', 'image:hash', 'image:check-sums-file', 'drives:list', 'settings:get', 'settings:set', 'job:flash', 'job:current', 'job:cancel', 'job:verify'];
      expect([...order].sort()).toEqual([...REQUEST_CHANNELS].sort());
      wiring.reached.length = 0;
      for (const channel of order) {
        const before = wiring.reached.length;
        await steps[channel](api);
        expect(wiring.reached.slice(before), channel).toContain(channel);
      }
      expect([...new Set(wiring.reached)].sort()).toEqual([...REQUEST_CHANNELS].sort());
    } finally {
      log.stop();
      await world.dispose();
    }
  });

  it('delivers every event channel of the contract to our page through the exposed API, and to no other window', async () => {
    const { world, wiring } = await wiredWorld();
    // Another window showing our page: events are for our window's web contents only.
    const stranger = wiring.pair.renderer(PAGE_URL);
    const { api } = world;
    const log = listen(api, world.eventTimeoutMs);
    try {
      answer(await api.setSettings({ verify: false }), settings);
      await log.next('settings:changed');
      const image = await pick(world, world.image.path);
      const { fits } = await loops(world);
      await log.next('drives:changed');
      await world.openWith(world.image.path);
      imageSummary(await log.next('image:opened'), 'image:opened');
      const { jobId } = answer(
        await api.flash({ imageId: image.imageId, driveIds: [fits.driveId], acknowledged: [{ driveId: fits.driveId, codes: LOOP_TICKS }], verify: false, eject: false }),
        jobStarted,
      );
      await log.next('job:progress', (e) => e.jobId === jobId);
      jobResultEvent(await log.next('job:result', (e) => e.jobId === jobId), 'job:result');
      const channels = new Set<EventChannel>(log.events.map((e) => e.channel));
      expect([...channels].sort()).toEqual([...EVENT_CHANNELS].sort());
      expect(new Set(wiring.ours.received)).toEqual(new Set(EVENT_CHANNELS));
      expect(stranger.received).toEqual([]);
    } finally {
      log.stop();
      await world.dispose();
    }
  });
});
