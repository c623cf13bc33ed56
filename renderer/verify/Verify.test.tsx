import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { driveView, finding, imageSummary, jobResult, targetResult } from '../../main/test-support/renderer/fixtures.js';
import { renderApp } from '../../main/test-support/renderer/render-app.js';

const locked = driveView({ driveId: '/dev/sdc', device: '/dev/sdc', description: 'Locked SD card', isReadOnly: true, findings: [finding('READ_ONLY')] });

async function verifyMode() {
  const r = await renderApp(fakeImprint({ drives: [driveView(), locked], chosenImage: imageSummary() }));
  await r.user.click(screen.getByRole('radio', { name: 'Check a drive against an image' }));
  await r.user.click(screen.getByRole('button', { name: 'Choose an image…' }));
  return r;
}

describe('verify a drive', () => {
  it('picks one drive (a read-only one too) and checks it without a confirmation', async () => {
    const { user, fake } = await verifyMode();
    await user.click(screen.getByRole('radio', { name: /SanDisk/ }));
    await user.click(screen.getByRole('radio', { name: /Locked SD card/ }));
    expect(screen.getByRole('radio', { name: /SanDisk/ })).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Check the drive' }));
    expect(fake.api.verify).toHaveBeenCalledWith('img-1', '/dev/sdc');
    expect(screen.getByRole('heading', { name: 'Checking the drive against debian.iso' })).toBeInTheDocument();
  });

  it('reports a match', async () => {
    const { user, fake } = await verifyMode();
    await user.click(screen.getByRole('radio', { name: /SanDisk/ }));
    await user.click(screen.getByRole('button', { name: 'Check the drive' }));
    act(() => fake.emit('job:result', { jobId: 'job-1', result: jobResult({ seconds: 12, targets: [targetResult({ written: false, writeSpeed: null })] }) }));
    expect(screen.getByRole('heading', { name: 'The drive matches the image' })).toHaveFocus();
    expect(screen.getByTestId('verify-outcome')).toHaveTextContent('660 MB compared in 00:12.');
  });

  it('reports the first mismatch', async () => {
    const { user, fake } = await verifyMode();
    await user.click(screen.getByRole('radio', { name: /SanDisk/ }));
    await user.click(screen.getByRole('button', { name: 'Check the drive' }));
    const message = '/dev/sdb does not hold the image: the first difference is at byte 1048576. The drive may be counterfeit or failing.';
    act(() =>
      fake.emit('job:result', {
        jobId: 'job-1',
        result: jobResult({ ok: false, targets: [targetResult({ ok: false, verified: false, error: { code: 'E_VERIFY_MISMATCH', message, offset: 1048576 } })] }),
      }),
    );
    expect(screen.getByRole('heading', { name: 'The drive does not match the image' })).toBeInTheDocument();
    expect(screen.getByTestId('verify-outcome')).toHaveTextContent('first difference is at byte 1048576');
    expect(screen.getByTestId('announcer')).toHaveTextContent('The drive does not match the image.');
  });

  it('keeps only one drive when switching from writing several', async () => {
    const other = driveView({ driveId: '/dev/sdd', device: '/dev/sdd', description: 'Kingston' });
    const { user, store } = await renderApp(fakeImprint({ drives: [driveView(), other] }));
    await user.click(screen.getByRole('checkbox', { name: /SanDisk/ }));
    await user.click(screen.getByRole('checkbox', { name: /Kingston/ }));
    await user.click(screen.getByRole('radio', { name: 'Check a drive against an image' }));
    expect(store.getState().selectedDriveIds).toEqual(['/dev/sdb']);
  });
});
