import { expect } from 'vitest';
import { arrayOf } from '../../../../app/validate.js';
import { answer, listen, refusal } from '../expect.js';
import { hashReport, imageSummary, nullable, recentImage } from '../shapes.js';
import { IMAGE_NAME, IMAGE_SIZE, SIDECAR_NAME, type Scenario } from '../world.js';
import { pick } from './steps.js';

const recentList = arrayOf(recentImage, 64);

export const imageScenarios: Scenario[] = [
  {
    name: "image: the dialog's pick is opened and summarised by name, with a new id each time; dismissed is null; a missing file is refused",
    async run(world) {
      const { api } = world;
      world.chooseImage(null);
      expect(answer(await api.chooseImage(), nullable(imageSummary))).toBeNull();
      const first = await pick(world, world.image.path);
      expect(first).toMatchObject({ name: IMAGE_NAME, size: IMAGE_SIZE, sizeIsEstimate: false, container: 'raw', inspectError: null, checksumSidecar: null });
      expect(first.info).toMatchObject({ path: IMAGE_NAME, size: IMAGE_SIZE });
      const second = await pick(world, world.image.path);
      expect(second.imageId).not.toBe(first.imageId);
      world.chooseImage(world.missingImage);
      refusal(await api.chooseImage(), 'E_IMAGE_NOT_FOUND');
    },
  },
  {
    name: 'image: a dropped file and a recent image open like a picked one; ids main never issued are refused',
    async run(world) {
      const { api } = world;
      expect(answer(await api.recentImages(), recentList)).toEqual([]);
      const dropped = answer(await api.openDroppedFile(world.drop(world.image.path)), imageSummary);
      expect(dropped).toMatchObject({ name: IMAGE_NAME, size: IMAGE_SIZE });
      const recent = answer(await api.recentImages(), recentList);
      expect(recent).toEqual([{ recentId: expect.any(String) as string, name: IMAGE_NAME, folder: world.image.folder }]);
      const reopened = answer(await api.openRecent(recent[0]?.recentId ?? ''), imageSummary);
      expect(reopened).toMatchObject({ name: IMAGE_NAME, size: IMAGE_SIZE });
      expect(reopened.imageId).not.toBe(dropped.imageId);
      expect(answer(await api.recentImages(), recentList)).toHaveLength(1);
      refusal(await api.openRecent('recent-never-issued'), 'E_UNKNOWN_ID');
      refusal(await api.openDroppedFile(world.drop(world.missingImage)), 'E_IMAGE_NOT_FOUND');
      refusal(await api.hashImage('image-never-issued', 'sha256'), 'E_UNKNOWN_ID');
      expect(answer(await api.recentImages(), recentList)).toHaveLength(1);
    },
  },
  {
    name: 'image: a checksum file next to the image is named in the summary, by its file name',
    async run(world) {
      const summary = await pick(world, world.sidecarImage.path);
      expect(summary.checksumSidecar).toBe(SIDECAR_NAME);
    },
  },
  {
    name: 'open-with: main opens the image by itself and announces it, under an id of its own',
    async run(world) {
      const log = listen(world.api, world.eventTimeoutMs);
      await world.openWith(world.image.path);
      const opened = await log.next('image:opened');
      imageSummary(opened, 'image:opened');
      expect(opened).toMatchObject({ name: IMAGE_NAME, size: IMAGE_SIZE });
      expect(answer(await world.api.hashImage(opened.imageId, 'sha256'), hashReport).hex).toBe(world.image.digests.sha256);
      log.stop();
    },
  },
];
