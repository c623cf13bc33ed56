import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeImage, fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { DOWNLOADS, drive, driveView, imageSummary } from '../../main/test-support/renderer/fixtures.js';
import { renderApp, settle } from '../../main/test-support/renderer/render-app.js';

// Verdicts are the real rules' (fixtures.ts): judged from each drive's own fields, as main judges them.
const stick = driveView();
const card = driveView({ driveId: '/dev/sdc', device: '/dev/sdc', description: 'Generic SD Card Reader', size: 31_914_983_424, busType: 'USB' });
const system = driveView({ driveId: '/dev/vda', device: '/dev/vda', description: 'Virtio disk', busType: 'VIRTIO', isRemovable: false, isSystem: true });
const loop = driveView({ driveId: '/dev/loop3', device: '/dev/loop3', description: 'Loop device', busType: 'VIRTUAL', isVirtual: true, isRemovable: false });
/** A stick main scans and judges for whichever image is opened. */
const tinyStick = drive({ device: '/dev/sdd', description: 'Tiny Stick', size: 256_000_000 });

describe('drive step', () => {
  it('lists drives with model, size, bus and device', async () => {
    await renderApp(fakeImprint({ drives: [stick, card] }));
    const item = screen.getByRole('checkbox', { name: 'SanDisk Cruzer Blade, 16.0 GB' });
    expect(item).toHaveAccessibleDescription(/\/dev\/sdb · USB · No mounted volumes/);
    expect(screen.getByRole('checkbox', { name: 'Generic SD Card Reader, 31.9 GB' })).toBeInTheDocument();
  });

  it('preselects the single valid removable drive', async () => {
    const fake = fakeImprint({ drives: [stick, system], disks: [tinyStick], chosenImage: imageSummary() });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    expect(screen.getByRole('checkbox', { name: /SanDisk/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Tiny Stick/ })).not.toBeChecked();
  });

  it('never preselects a root disk attached over USB, even shown and the only one', async () => {
    const usbRoot = driveView({
      driveId: '/dev/sda',
      device: '/dev/sda',
      description: 'Samsung Portable SSD T7',
      busType: 'USB',
      isRemovable: true,
      isSystem: true,
      volumes: [{ path: '/', label: 'rootfs' }],
    });
    const fake = fakeImprint({ drives: [usbRoot] });
    fake.state.settings = { ...fake.state.settings, showSystemDrives: true };
    const { store } = await renderApp(fake);
    const box = screen.getByRole('checkbox', { name: /Samsung Portable SSD T7/ });
    expect(box).not.toBeChecked();
    expect(box).toBeDisabled();
    expect(store.getState().selectedDriveIds).toEqual([]);
  });

  it('preselects nothing when two drives could be meant', async () => {
    await renderApp(fakeImprint({ drives: [stick, card] }));
    expect(screen.getByRole('checkbox', { name: /SanDisk/ })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: /SD Card/ })).not.toBeChecked();
  });

  it('lets several drives be selected for one job', async () => {
    const { user, store } = await renderApp(fakeImprint({ drives: [stick, card] }));
    await user.click(screen.getByRole('checkbox', { name: /SanDisk/ }));
    await user.click(screen.getByRole('checkbox', { name: /SD Card/ }));
    expect(store.getState().selectedDriveIds).toEqual(['/dev/sdb', '/dev/sdc']);
    expect(screen.getByText('2 drives selected.')).toBeInTheDocument();
  });

  it('shows a drive too small for the image opened, badged, but it cannot be selected and says why', async () => {
    const { user } = await renderApp(fakeImprint({ drives: [stick], disks: [tinyStick], chosenImage: imageSummary() }));
    // No image yet: the size rules wait for one.
    expect(screen.getByRole('checkbox', { name: 'Tiny Stick, 256 MB' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    const box = screen.getByRole('checkbox', { name: 'Tiny Stick, 256 MB' });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription(/Too small ?\(refused\).*Cannot be used:.*the image needs 660 MB, the drive has 256 MB/);
    const item = box.closest('li');
    expect(item).not.toBeNull();
    if (item) expect(within(item).getByText('Too small')).toBeInTheDocument();
  });

  it('shows system and virtual drives once the settings ask main for them', async () => {
    const { user } = await renderApp(fakeImprint({ drives: [stick, system, loop] }));
    // Main leaves them out of the list (main/service/drive-watch.ts): the window has nothing to hide or count.
    expect(screen.queryByRole('checkbox', { name: /Virtio/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /Loop/ })).not.toBeInTheDocument();
    expect(screen.queryByText(/hidden/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(screen.getByRole('checkbox', { name: 'Show system drives' }));
    await user.click(screen.getByRole('checkbox', { name: /Show virtual drives/ }));
    await user.keyboard('{Escape}');
    expect(screen.getByRole('checkbox', { name: /Virtio/ })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: /Loop/ })).toBeEnabled();
    expect(screen.getByText('System drive')).toBeInTheDocument();
  });

  it('says no drive is found when main lists none, whatever the settings leave out', async () => {
    await renderApp(fakeImprint({ drives: [loop] }));
    expect(screen.getByText(/No drives found/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Change in Settings' })).not.toBeInTheDocument();
  });

  it('follows drives being plugged in and removed, and announces it', async () => {
    const fake = fakeImprint({ drives: [] });
    await renderApp(fake);
    expect(screen.getByText(/No drives found/)).toBeInTheDocument();
    act(() => fake.emit('drives:changed', [stick]));
    expect(screen.getByRole('checkbox', { name: /SanDisk/ })).toBeChecked();
    expect(screen.getByTestId('announcer')).toHaveTextContent('Drive connected: SanDisk Cruzer Blade, 16.0 GB.');
    act(() => fake.emit('drives:changed', []));
    expect(screen.queryByRole('checkbox', { name: /SanDisk/ })).not.toBeInTheDocument();
    expect(screen.getByTestId('announcer')).toHaveTextContent('Drive removed: SanDisk Cruzer Blade, 16.0 GB.');
  });

  it('drops a selected drive that the new image makes refused', async () => {
    const small = imageSummary({ imageId: '', name: 'small.img', size: 100_000_000, info: null });
    const fake = fakeImprint({ drives: [stick], disks: [tinyStick], images: { [`${DOWNLOADS}/small.img`]: fakeImage(small) }, chosenImage: `${DOWNLOADS}/small.img` });
    const { user, store } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    await user.click(screen.getByRole('checkbox', { name: /Tiny Stick/ }));
    expect(store.getState().selectedDriveIds).toHaveLength(1);
    fake.state.chosenImage = imageSummary();
    await user.click(screen.getByRole('button', { name: 'Choose another image…' }));
    expect(screen.getByRole('checkbox', { name: /Tiny Stick/ })).toBeDisabled();
    expect(store.getState().selectedDriveIds).toEqual([]);
  });

  it('shows mounted volumes by label', async () => {
    const mounted = driveView({ volumes: [{ path: '/media/me/MYSTICK', label: 'MYSTICK' }] });
    await renderApp(fakeImprint({ drives: [mounted] }));
    expect(screen.getByRole('checkbox', { name: /SanDisk/ })).toHaveAccessibleDescription(/Volumes: MYSTICK \(\/media\/me\/MYSTICK\)/);
    // Auto-mounted sticks are the usual case: still the obvious target.
    expect(screen.getByRole('checkbox', { name: /SanDisk/ })).toBeChecked();
  });

  it('reports a drive list that could not be had (main answers every list; only the channel to it can fail)', async () => {
    const fake = fakeImprint();
    fake.api.listDrives.mockRejectedValue(new Error('the main process did not answer'));
    await renderApp(fake);
    await settle();
    expect(screen.getByRole('alert')).toHaveTextContent('Imprint hit an internal error (the main process did not answer).');
  });
});
