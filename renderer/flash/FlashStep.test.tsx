import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { driveView, finding, imageInfo, imageSummary } from '../../main/test-support/renderer/fixtures.js';
import { renderApp } from '../../main/test-support/renderer/render-app.js';

const mounted = driveView({ volumes: [{ path: '/media/me/MYSTICK', label: 'MYSTICK' }], findings: [finding('MOUNTED')] });
const big = driveView({
  driveId: '/dev/sdc',
  device: '/dev/sdc',
  description: 'WD Elements',
  size: 2_000_398_934_016,
  isRemovable: false,
  findings: [finding('LARGE_DRIVE', '/dev/sdc is 2.00 TB, larger than a typical USB stick or card.'), finding('NOT_REMOVABLE')],
});

async function ready(drives = [mounted]) {
  const r = await renderApp(fakeImprint({ drives, chosenImage: imageSummary() }));
  await r.user.click(screen.getByRole('button', { name: 'Choose an image…' }));
  return r;
}

describe('flash step', () => {
  it('says what is missing before it can write', async () => {
    await renderApp(fakeImprint({ drives: [] }));
    const write = screen.getByRole('button', { name: 'Write…' });
    expect(write).toBeDisabled();
    expect(write).toHaveAccessibleDescription('Choose an image first.');
  });

  it('names exactly what will be erased and starts only on a deliberate click', async () => {
    const { user, fake } = await ready();
    await user.click(screen.getByRole('button', { name: 'Write…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Erase and write?' });
    expect(dialog).toHaveAccessibleDescription('Everything on these drives will be erased and replaced by debian.iso:');
    expect(dialog).toHaveTextContent('SanDisk Cruzer Blade, 16.0 GB');
    expect(dialog).toHaveTextContent('/dev/sdb');
    expect(dialog).toHaveTextContent('Erases the volumes: MYSTICK (/media/me/MYSTICK)');
    // Focus starts on Cancel: Enter alone does not erase.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(fake.api.flash).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Write…' }));
    await user.click(screen.getByRole('button', { name: 'Erase and write' }));
    expect(fake.api.flash).toHaveBeenCalledWith({ imageId: 'img-1', driveIds: ['/dev/sdb'], acknowledged: [], verify: true, eject: true });
  });

  it('repeats in the confirmation that the image will not boot', async () => {
    const windows = imageSummary({ info: imageInfo({ usbBoot: { bios: false, uefi: false }, windowsInstaller: true }) });
    const { user } = await renderApp(fakeImprint({ drives: [mounted], chosenImage: windows }));
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    await user.click(screen.getByRole('button', { name: 'Write…' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Windows installer: written as it is, the drive will not boot');
  });

  it('closes the confirmation with Escape and returns focus', async () => {
    const { user, fake } = await ready();
    const write = screen.getByRole('button', { name: 'Write…' });
    await user.click(write);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(write).toHaveFocus();
    expect(fake.api.flash).not.toHaveBeenCalled();
  });

  it('needs a second, explicit acknowledgement for a large, non-removable drive', async () => {
    const { user, fake } = await ready([mounted, big]);
    await user.click(screen.getByRole('checkbox', { name: /WD Elements/ }));
    await user.click(screen.getByRole('button', { name: 'Write…' }));
    // The stick was preselected; the large drive joins it.
    const erase = screen.getByRole('button', { name: 'Erase 2 drives and write' });
    expect(erase).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(screen.getByRole('alertdialog')).toHaveTextContent('larger than a typical USB stick');
    await user.click(screen.getByRole('checkbox', { name: /I understand that WD Elements, 2.00 TB is not a typical USB stick/ }));
    expect(erase).toBeEnabled();
    await user.click(erase);
    expect(fake.api.flash).toHaveBeenCalledWith({
      imageId: 'img-1',
      driveIds: ['/dev/sdb', '/dev/sdc'],
      // The tick names what it acknowledged; main checks it against its own verdict.
      acknowledged: [{ driveId: '/dev/sdc', codes: ['LARGE_DRIVE', 'NOT_REMOVABLE'] }],
      verify: true,
      eject: true,
    });
  });

  it('writes several drives in one job, with the settings for verify and eject', async () => {
    const other = driveView({ driveId: '/dev/sdd', device: '/dev/sdd', description: 'Kingston DataTraveler' });
    const fake = fakeImprint({ drives: [mounted, other], chosenImage: imageSummary() });
    fake.state.settings = { ...fake.state.settings, verify: false, eject: false };
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    await user.click(screen.getByRole('checkbox', { name: /SanDisk/ }));
    await user.click(screen.getByRole('checkbox', { name: /Kingston/ }));
    expect(screen.getByText(/Ready to write to 2 drives\. Verification is off\./)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Write…' }));
    await user.click(screen.getByRole('button', { name: 'Erase 2 drives and write' }));
    expect(fake.api.flash).toHaveBeenCalledWith({ imageId: 'img-1', driveIds: ['/dev/sdb', '/dev/sdd'], acknowledged: [], verify: false, eject: false });
  });

  it('shows why a job could not start, and nothing changes', async () => {
    const { user, fake } = await ready();
    const message = '/dev/sdb is no longer the drive that was chosen (its size changed). Nothing was written. Choose the drive again.';
    // The window words it from the code and facts, which say the same as the command line here.
    fake.api.flash.mockResolvedValueOnce({ ok: false, error: { code: 'E_SIZE_CHANGED', message, device: '/dev/sdb', detail: 'its size changed' } });
    await user.click(screen.getByRole('button', { name: 'Write…' }));
    await user.click(screen.getByRole('button', { name: 'Erase and write' }));
    expect(screen.getByRole('alert')).toHaveTextContent(message);
    expect(screen.getByRole('button', { name: 'Write…' })).toBeInTheDocument();
  });
});
