import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { driveView, imageSummary, jobResult, targetResult } from '../../main/test-support/renderer/fixtures.js';
import { renderApp } from '../../main/test-support/renderer/render-app.js';

async function flashed() {
  const r = await renderApp(fakeImprint({ drives: [driveView()], chosenImage: imageSummary() }));
  await r.user.click(screen.getByRole('button', { name: 'Choose an image…' }));
  await r.user.click(screen.getByRole('button', { name: 'Write…' }));
  await r.user.click(screen.getByRole('button', { name: 'Erase and write' }));
  return r;
}

describe('result', () => {
  it('says "Written and verified" per drive, with speed and time', async () => {
    const { fake } = await flashed();
    act(() => fake.emit('job:result', { jobId: 'job-1', result: jobResult() }));
    expect(screen.getByRole('heading', { name: 'Done' })).toHaveFocus();
    expect(screen.getByTestId('target-outcome')).toHaveTextContent('Written and verified — 660 MB in 03:37, writing at 41.8 MB/s');
    expect(screen.getByText('You can remove the drive now.')).toBeInTheDocument();
    expect(screen.getByTestId('announcer')).toHaveTextContent('Done: every drive was written and verified.');
  });

  it('keeps the result even when the ejected drive leaves the list', async () => {
    const { fake } = await flashed();
    act(() => fake.emit('drives:changed', []));
    act(() => fake.emit('job:result', { jobId: 'job-1', result: jobResult() }));
    expect(screen.getByText('SanDisk Cruzer Blade, 16.0 GB')).toBeInTheDocument();
  });

  it('says "Written" without "verified" when verification was off, and "eject first" when the drive was not ejected', async () => {
    const { fake } = await flashed();
    act(() => fake.emit('job:result', { jobId: 'job-1', result: jobResult({ targets: [targetResult({ verified: false, ejected: false })] }) }));
    expect(screen.getByTestId('target-outcome')).toHaveTextContent('Written (not verified: verification is off in Settings)');
    expect(screen.getByText('Eject the drive before you unplug it.')).toBeInTheDocument();
    expect(screen.getByTestId('announcer')).toHaveTextContent('Done: every drive was written (not verified).');
  });

  it('shows the window\'s words for the error (not the command line\'s), what the drive holds, and the next step', async () => {
    const { fake } = await flashed();
    // The message as the CLI words it; the window words it from the code and facts.
    const error = { code: 'E_UNPLUGGED' as const, message: '/dev/sdb was unplugged while in use. Plug it back in and flash again.', device: '/dev/sdb' };
    act(() =>
      fake.emit('job:result', {
        jobId: 'job-1',
        result: jobResult({ ok: false, targets: [targetResult({ ok: false, written: false, verified: false, imageWritten: 'partly', error })] }),
      }),
    );
    expect(screen.getByRole('heading', { name: 'Writing failed' })).toBeInTheDocument();
    expect(screen.getByText('/dev/sdb was unplugged while in use. Plug it back in and write it again.')).toBeInTheDocument();
    expect(screen.queryByText(error.message)).toBeNull();
    expect(screen.getByTestId('target-outcome')).toHaveTextContent('Failed: the drive holds an incomplete image with its partition table cleared');
    expect(screen.getByText(/use another USB port or another drive/)).toBeInTheDocument();
  });

  it('never offers the window the command line\'s remedy', async () => {
    const { fake } = await flashed();
    const error = {
      code: 'E_SYSTEM_DRIVE' as const,
      message: '/dev/sdb is a system drive (/dev/sdb2 is mounted at /boot): … Only if you are certain, pass --allow-system-drive.',
      device: '/dev/sdb',
      detail: '/dev/sdb2 is mounted at /boot',
    };
    act(() =>
      fake.emit('job:result', {
        jobId: 'job-1',
        result: jobResult({ ok: false, targets: [targetResult({ ok: false, written: false, verified: false, imageWritten: 'nothing', error })] }),
      }),
    );
    expect(screen.getByTestId('target-outcome')).toHaveTextContent('Failed: nothing was written to it');
    expect(screen.getByText(/is mounted at \/boot\): writing to it would destroy the running system\. Choose another drive\.$/)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('--allow-system-drive');
  });

  it.each([
    ['nothing', 'Cancelled before anything was written: the drive is as it was.'],
    ['partly', 'Cancelled while writing: the drive holds an incomplete image with its partition table cleared, and will not work until it is written again.'],
    ['all', 'Cancelled while checking: the whole image was written, but not verified.'],
  ] as const)('says what a cancelled drive holds, as the engine reported it: %s', async (imageWritten, words) => {
    const { fake } = await flashed();
    const error = { code: 'E_CANCELLED' as const, message: 'Cancelled (/dev/sdb).', device: '/dev/sdb' };
    act(() =>
      fake.emit('job:result', {
        jobId: 'job-1',
        result: jobResult({ ok: false, cancelled: true, targets: [targetResult({ ok: false, written: imageWritten === 'all', verified: false, imageWritten, error })] }),
      }),
    );
    expect(screen.getByRole('heading', { name: 'Cancelled' })).toBeInTheDocument();
    expect(screen.getByTestId('target-outcome')).toHaveTextContent(words);
    expect(document.body).not.toHaveTextContent('half-written');
  });

  it('for a cancel the engine never saw, shows what main says instead of guessing', async () => {
    const { fake } = await flashed();
    const error = { code: 'E_CANCELLED' as const, message: 'Cancelled: nothing was written to the drive.', detail: 'nothing was written to the drive' };
    act(() =>
      fake.emit('job:result', {
        jobId: 'job-1',
        result: jobResult({ ok: false, cancelled: true, targets: [targetResult({ ok: false, written: false, verified: false, bytesWritten: 0, error })] }),
      }),
    );
    expect(screen.getByTestId('target-outcome')).toHaveTextContent(/^✕ Cancelled$/);
    expect(screen.getByText('Cancelled: nothing was written to the drive.')).toBeInTheDocument();
  });

  it('"Write another drive" keeps the image', async () => {
    const { fake, user } = await flashed();
    act(() => fake.emit('job:result', { jobId: 'job-1', result: jobResult() }));
    await user.click(screen.getByRole('button', { name: 'Write another drive' }));
    expect(screen.getByRole('heading', { name: 'debian.iso' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Write…' })).toBeEnabled();
  });

  it('"Try again" asks for confirmation again before writing', async () => {
    const { fake, user } = await flashed();
    act(() => fake.emit('job:result', { jobId: 'job-1', result: jobResult({ ok: false, targets: [targetResult({ ok: false })] }) }));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('alertdialog', { name: 'Erase and write?' })).toBeInTheDocument();
    expect(fake.api.flash).toHaveBeenCalledTimes(1);
  });
});
