// The confirmation is a promise about exactly what is erased and written: the request carries the
// image that was shown and the ticks that were given, and nothing else can slip in meanwhile.

import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { driveView, finding, imageSummary } from '../../main/test-support/renderer/fixtures.js';
import { renderApp } from '../../main/test-support/renderer/render-app.js';

const stick = driveView();
const loop = driveView({
  driveId: 'drive-7',
  device: '/dev/loop7',
  description: 'Loop device (/srv/disk.img)',
  size: 8_000_000_000,
  busType: 'VIRTUAL',
  isVirtual: true,
  isRemovable: false,
  findings: [finding('NOT_REMOVABLE')],
});
// A virtual drive that says it is removable still needs its tick: it shows someone's file.
const removableLoop = { ...loop, isRemovable: true, verdict: { status: 'ok' as const, findings: [] } };

async function confirming(drives = [stick], showVirtualDrives = false) {
  const fake = fakeImprint({ drives, chosenImage: imageSummary() });
  fake.state.settings = { ...fake.state.settings, showVirtualDrives };
  const r = await renderApp(fake);
  await r.user.click(screen.getByRole('button', { name: 'Choose an image…' }));
  return r;
}

describe('erase confirmation', () => {
  it('needs a tick for a loop device and sends what was acknowledged', async () => {
    const { user, fake } = await confirming([loop], true);
    await user.click(screen.getByRole('checkbox', { name: /Loop device/ }));
    await user.click(screen.getByRole('button', { name: 'Write…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Erase and write?' });
    const erase = within(dialog).getByRole('button', { name: 'Erase and write' });
    expect(erase).toBeDisabled();
    await user.click(within(dialog).getByRole('checkbox', { name: /I understand that Loop device/ }));
    await user.click(erase);
    expect(fake.api.flash).toHaveBeenCalledWith({
      imageId: 'img-1',
      driveIds: ['drive-7'],
      acknowledged: [{ driveId: 'drive-7', codes: ['NOT_REMOVABLE', 'VIRTUAL'] }],
      verify: true,
      eject: true,
    });
  });

  it('asks for the tick of a virtual drive even when nothing else is against it', async () => {
    const { user, fake } = await confirming([removableLoop], true);
    await user.click(screen.getByRole('checkbox', { name: /Loop device/ }));
    await user.click(screen.getByRole('button', { name: 'Write…' }));
    expect(screen.getByRole('button', { name: 'Erase and write' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /I understand that/ }));
    await user.click(screen.getByRole('button', { name: 'Erase and write' }));
    expect(fake.api.flash).toHaveBeenCalledWith(expect.objectContaining({ acknowledged: [{ driveId: 'drive-7', codes: ['VIRTUAL'] }] }));
  });

  it('takes a tick back when the drive gains a reason the tick did not cover', async () => {
    const { user, fake } = await confirming([loop], true);
    await user.click(screen.getByRole('checkbox', { name: /Loop device/ }));
    await user.click(screen.getByRole('button', { name: 'Write…' }));
    const tick = screen.getByRole('checkbox', { name: /I understand that/ });
    await user.click(tick);
    expect(screen.getByRole('button', { name: 'Erase and write' })).toBeEnabled();
    const bigger = { ...loop, verdict: { status: 'warning' as const, findings: [finding('NOT_REMOVABLE'), finding('LARGE_DRIVE')] } };
    act(() => fake.emit('drives:changed', [bigger]));
    expect(screen.getByRole('checkbox', { name: /I understand that/ })).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Erase and write' })).toBeDisabled();
  });

  it('an image arriving by open-with closes the confirmation: nothing is written, the user is told', async () => {
    const { user, fake, store } = await confirming();
    const write = screen.getByRole('button', { name: 'Write…' });
    await user.click(write);
    expect(screen.getByRole('alertdialog')).toHaveTextContent('replaced by debian.iso');
    act(() => fake.emit('image:opened', imageSummary({ imageId: 'img-2', name: 'other.img' })));

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(fake.api.flash).not.toHaveBeenCalled();
    expect(store.getState().jobStatus).toBe('idle');
    const said = 'Another image was opened (other.img) while you were confirming, so nothing was written. Check it, then choose Write… again.';
    expect(screen.getByTestId('announcer')).toHaveTextContent(said);
    expect(screen.getByTestId('flash-notice')).toHaveTextContent(said);
    expect(screen.getByTestId('image-name')).toHaveTextContent('other.img');
    expect(write).toHaveFocus();

    // Confirming again is about the new image, and the request names it.
    await user.click(write);
    expect(screen.queryByTestId('flash-notice')).not.toBeInTheDocument();
    expect(screen.getByRole('alertdialog')).toHaveTextContent('replaced by other.img');
    await user.click(screen.getByRole('button', { name: 'Erase and write' }));
    expect(fake.api.flash).toHaveBeenCalledTimes(1);
    expect(fake.api.flash).toHaveBeenCalledWith(expect.objectContaining({ imageId: 'img-2' }));
  });

  it('an image arriving while no confirmation is open just becomes the image', async () => {
    const { fake } = await confirming();
    act(() => fake.emit('image:opened', imageSummary({ imageId: 'img-2', name: 'other.img' })));
    expect(screen.getByTestId('announcer')).toHaveTextContent('Image opened: other.img.');
    expect(screen.queryByTestId('flash-notice')).not.toBeInTheDocument();
  });

  it('the store refuses to start a flash for an image other than the current one', async () => {
    const { store, fake } = await confirming();
    await act(() => store.getState().startFlash({ imageId: 'img-old', driveIds: [stick.driveId], acknowledged: [] }));
    expect(fake.api.flash).not.toHaveBeenCalled();
    expect(store.getState().jobStatus).toBe('idle');
    expect(screen.getByTestId('flash-notice')).toHaveTextContent('nothing was written');
  });
});
