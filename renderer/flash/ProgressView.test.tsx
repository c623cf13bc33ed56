import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { driveView, imageSummary, progress } from '../../main/test-support/renderer/fixtures.js';
import { renderApp } from '../../main/test-support/renderer/render-app.js';

const second = driveView({ driveId: '/dev/sdc', device: '/dev/sdc', description: 'Kingston DataTraveler' });

async function writing() {
  const r = await renderApp(fakeImprint({ drives: [driveView(), second], chosenImage: imageSummary() }));
  await r.user.click(screen.getByRole('button', { name: 'Choose an image…' }));
  await r.user.click(screen.getByRole('checkbox', { name: /SanDisk/ }));
  await r.user.click(screen.getByRole('checkbox', { name: /Kingston/ }));
  await r.user.click(screen.getByRole('button', { name: 'Write…' }));
  await r.user.click(screen.getByRole('button', { name: 'Erase 2 drives and write' }));
  return r;
}

describe('progress', () => {
  it('shows phase, percent, speed and time left, per drive', async () => {
    const { fake } = await writing();
    expect(screen.getByRole('heading', { name: 'Writing debian.iso' })).toHaveFocus();
    act(() =>
      fake.emit('job:progress', {
        jobId: 'job-1',
        progress: progress({
          targets: [
            { device: '/dev/sdb', state: 'writing', bytes: 329_777_152 },
            { device: '/dev/sdc', state: 'failed', bytes: 1000, error: { code: 'E_IO', message: 'Writing to /dev/sdc failed at byte 1000.', device: '/dev/sdc', offset: 1000 } },
          ],
        }),
      }),
    );
    expect(screen.getByTestId('phase')).toHaveTextContent('Writing 50%');
    expect(screen.getByRole('progressbar', { name: 'Writing progress' })).toHaveAttribute('aria-valuetext', 'Writing: 50%');
    expect(screen.getByText('41.8 MB/s')).toBeInTheDocument();
    expect(screen.getByText('00:08')).toBeInTheDocument();
    expect(screen.getByText('330 MB of 660 MB')).toBeInTheDocument();
    const rows = screen.getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('SanDisk Cruzer Blade, 16.0 GB /dev/sdbWriting 50%');
    expect(rows[1]).toHaveTextContent('Failed');
    expect(within(rows[1] ?? document.body).getByRole('alert')).toHaveTextContent('Writing to /dev/sdc failed at byte 1000.');
    expect(screen.getByTestId('announcer')).toHaveTextContent('Writing…');
  });

  it('announces a phase change once, not every update', async () => {
    const { fake } = await writing();
    act(() => fake.emit('job:progress', { jobId: 'job-1', progress: progress({ phase: 'verifying', bytes: 10 }) }));
    const serial = (): number => Number(screen.getByTestId('announcer').textContent.endsWith('\u00a0'));
    const before = serial();
    act(() => fake.emit('job:progress', { jobId: 'job-1', progress: progress({ phase: 'verifying', bytes: 20 }) }));
    expect(screen.getByTestId('announcer')).toHaveTextContent('Verifying…');
    expect(serial()).toBe(before);
  });

  it('ignores progress of another job', async () => {
    const { fake } = await writing();
    act(() => fake.emit('job:progress', { jobId: 'someone-else', progress: progress({ bytes: 659_554_304 }) }));
    expect(screen.getByTestId('phase')).toHaveTextContent('Preparing 0%');
  });

  it('cancels only after confirmation, saying what stopping now leaves on the drives', async () => {
    const { user, fake } = await writing();
    await user.click(screen.getByRole('button', { name: 'Cancel…' }));
    expect(screen.getByRole('alertdialog', { name: 'Stop writing?' })).toHaveAccessibleDescription('Nothing has been written yet: the drives stay as they are.');
    await user.keyboard('{Escape}');
    act(() => fake.emit('job:progress', { jobId: 'job-1', progress: progress({ phase: 'verifying', bytes: 10 }) }));
    await user.click(screen.getByRole('button', { name: 'Cancel…' }));
    expect(screen.getByRole('alertdialog', { name: 'Stop writing?' })).toHaveAccessibleDescription(/already written; stopping now skips the check/);
    await user.keyboard('{Escape}');
    act(() => fake.emit('job:progress', { jobId: 'job-1', progress: progress({ phase: 'writing' }) }));
    await user.click(screen.getByRole('button', { name: 'Cancel…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Stop writing?' });
    expect(dialog).toHaveAccessibleDescription(/incomplete image with their partition tables cleared/);
    expect(within(dialog).getByRole('button', { name: 'Keep going' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(fake.api.cancel).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Cancel…' }));
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(fake.api.cancel).toHaveBeenCalledWith('job-1');
    expect(screen.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
  });

  it('re-attaches to a job main is already running when the window loads (after a reload)', async () => {
    const fake = fakeImprint({
      drives: [driveView()],
      currentJob: { jobId: 'job-running', kind: 'flash', image: imageSummary(), drives: [driveView()], eject: true, progress: progress() },
    });
    await renderApp(fake);
    expect(screen.getByRole('heading', { name: 'Writing debian.iso' })).toBeInTheDocument();
    expect(screen.getByTestId('phase')).toHaveTextContent('Writing 50%');
    act(() => fake.emit('job:progress', { jobId: 'job-running', progress: progress({ phase: 'verifying', bytes: 10 }) }));
    expect(screen.getByTestId('phase')).toHaveTextContent('Verifying 0%');
    expect(fake.api.currentJob).toHaveBeenCalledTimes(1);
  });
});
