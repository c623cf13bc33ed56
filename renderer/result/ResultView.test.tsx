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

  it('shows the human message and the next step on failure', async () => {
    const { fake } = await flashed();
    const error = { code: 'E_UNPLUGGED' as const, message: '/dev/sdb was unplugged while in use. Plug it back in and flash again.', device: '/dev/sdb' };
    act(() =>
      fake.emit('job:result', { jobId: 'job-1', result: jobResult({ ok: false, targets: [targetResult({ ok: false, verified: false, error })] }) }),
    );
    expect(screen.getByRole('heading', { name: 'Writing failed' })).toBeInTheDocument();
    expect(screen.getByText(error.message)).toBeInTheDocument();
    expect(screen.getByText(/use another USB port or another drive/)).toBeInTheDocument();
  });

  it('says a cancelled drive is half-written', async () => {
    const { fake } = await flashed();
    const error = { code: 'E_CANCELLED' as const, message: 'Cancelled (/dev/sdb).' };
    act(() =>
      fake.emit('job:result', {
        jobId: 'job-1',
        result: jobResult({ ok: false, cancelled: true, targets: [targetResult({ ok: false, verified: false, error })] }),
      }),
    );
    expect(screen.getByRole('heading', { name: 'Cancelled' })).toBeInTheDocument();
    expect(screen.getByTestId('target-outcome')).toHaveTextContent('half-written');
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
