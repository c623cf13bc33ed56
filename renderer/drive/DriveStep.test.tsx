import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { driveView, finding } from '../../main/test-support/renderer/fixtures.js';
import { renderApp, settle } from '../../main/test-support/renderer/render-app.js';

const stick = driveView();
const card = driveView({ driveId: '/dev/sdc', device: '/dev/sdc', description: 'Generic SD Card Reader', size: 31_914_983_424, busType: 'USB' });
const tooSmall = driveView({
  driveId: '/dev/sdd',
  device: '/dev/sdd',
  description: 'Tiny Stick',
  size: 256_000_000,
  findings: [finding('TOO_SMALL', '/dev/sdd is too small for this image (the image needs 660 MB, the drive has 256 MB). Use a larger drive.')],
});
const system = driveView({
  driveId: '/dev/vda',
  device: '/dev/vda',
  description: 'Virtio disk',
  isRemovable: false,
  isSystem: true,
  findings: [finding('SYSTEM_DRIVE'), finding('NOT_REMOVABLE')],
});
const loop = driveView({ driveId: '/dev/loop3', device: '/dev/loop3', description: 'Loop device', isVirtual: true, isRemovable: false, findings: [finding('NOT_REMOVABLE')] });

describe('drive step', () => {
  it('lists drives with model, size, bus and device', async () => {
    await renderApp(fakeImprint({ drives: [stick, card] }));
    const item = screen.getByRole('checkbox', { name: 'SanDisk Cruzer Blade, 16.0 GB' });
    expect(item).toHaveAccessibleDescription(/\/dev\/sdb · USB · No mounted volumes/);
    expect(screen.getByRole('checkbox', { name: 'Generic SD Card Reader, 31.9 GB' })).toBeInTheDocument();
  });

  it('preselects the single valid removable drive', async () => {
    await renderApp(fakeImprint({ drives: [stick, system, tooSmall] }));
    expect(screen.getByRole('checkbox', { name: /SanDisk/ })).toBeChecked();
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
      findings: [finding('SYSTEM_DRIVE', '/dev/sda is a system drive (/dev/sda2 is mounted at /)'), finding('MOUNTED')],
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

  it('shows a refused drive, badged, but it cannot be selected and says why', async () => {
    await renderApp(fakeImprint({ drives: [stick, tooSmall] }));
    const box = screen.getByRole('checkbox', { name: 'Tiny Stick, 256 MB' });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription(/Too small ?\(refused\).*Cannot be used:.*the drive has 256 MB/);
    const item = box.closest('li');
    expect(item).not.toBeNull();
    if (item) expect(within(item).getByText('Too small')).toBeInTheDocument();
  });

  it('hides system and virtual drives unless the settings show them', async () => {
    const fake = fakeImprint({ drives: [stick, system, loop] });
    await renderApp(fake);
    expect(screen.queryByRole('checkbox', { name: /Virtio/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /Loop/ })).not.toBeInTheDocument();
    expect(screen.getByText('2 drives are hidden (system or virtual drives).')).toBeInTheDocument();
    act(() => fake.emit('settings:changed', { ...fake.state.settings, showSystemDrives: true, showVirtualDrives: true }));
    expect(screen.getByRole('checkbox', { name: /Virtio/ })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: /Loop/ })).toBeEnabled();
    expect(screen.getByText('System drive')).toBeInTheDocument();
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
    const fake = fakeImprint({ drives: [stick, card] });
    const { user, store } = await renderApp(fake);
    await user.click(screen.getByRole('checkbox', { name: /SD Card/ }));
    act(() => fake.emit('drives:changed', [stick, { ...card, verdict: { status: 'refused', findings: [finding('TOO_SMALL')] } }]));
    expect(store.getState().selectedDriveIds).toEqual([]);
  });

  it('shows mounted volumes by label', async () => {
    const mounted = driveView({ volumes: [{ path: '/media/me/MYSTICK', label: 'MYSTICK' }], findings: [finding('MOUNTED')] });
    await renderApp(fakeImprint({ drives: [mounted] }));
    expect(screen.getByRole('checkbox', { name: /SanDisk/ })).toHaveAccessibleDescription(/Volumes: MYSTICK \(\/media\/me\/MYSTICK\)/);
    // Auto-mounted sticks are the usual case: still the obvious target.
    expect(screen.getByRole('checkbox', { name: /SanDisk/ })).toBeChecked();
  });

  it('offers the settings when drives are hidden', async () => {
    const { user } = await renderApp(fakeImprint({ drives: [loop] }));
    await user.click(screen.getByRole('button', { name: 'Change in Settings' }));
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
  });

  it('reports a failure to list drives', async () => {
    const fake = fakeImprint();
    fake.api.listDrives.mockResolvedValue({ ok: false, error: { code: 'E_PERMISSION', message: 'Imprint is not allowed to list drives.' } });
    await renderApp(fake);
    await settle();
    expect(screen.getByRole('alert')).toHaveTextContent('Imprint is not allowed to list drives.');
  });
});
