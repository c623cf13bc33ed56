import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { driveView, finding } from '../../main/test-support/renderer/fixtures.js';
import { renderApp } from '../../main/test-support/renderer/render-app.js';

describe('settings', () => {
  it('shows the current settings and saves each change', async () => {
    const { user, fake } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const verify = screen.getByRole('checkbox', { name: 'Check every byte after writing (recommended)' });
    expect(verify).toBeChecked();
    expect(verify).toHaveFocus();
    await user.click(verify);
    expect(fake.api.setSettings).toHaveBeenCalledWith({ verify: false });
    expect(verify).not.toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'Eject the drive when done' }));
    expect(fake.api.setSettings).toHaveBeenLastCalledWith({ eject: false });
  });

  it('warns about showing system drives', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByRole('checkbox', { name: 'Show system drives' })).toHaveAccessibleDescription(/Imprint will not write to them/);
  });

  it('shows virtual drives once asked, listing them again', async () => {
    const loop = driveView({ driveId: '/dev/loop0', device: '/dev/loop0', description: 'Loop device', isVirtual: true, isRemovable: false, findings: [finding('NOT_REMOVABLE')] });
    const { user, fake } = await renderApp(fakeImprint({ drives: [loop] }));
    expect(screen.queryByRole('checkbox', { name: /Loop device/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(screen.getByRole('checkbox', { name: /Show virtual drives/ }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(fake.api.listDrives).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('checkbox', { name: /Loop device/ })).toBeInTheDocument();
  });

  it('says when a setting could not be saved', async () => {
    const fake = fakeImprint();
    fake.api.setSettings.mockResolvedValueOnce({ ok: false, error: { code: 'E_INTERNAL', message: 'Imprint hit an internal error (disk full). Please report it.', detail: 'disk full' } });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(screen.getByRole('checkbox', { name: 'Eject the drive when done' }));
    expect(screen.getByRole('alert')).toHaveTextContent('disk full');
    expect(screen.getByRole('checkbox', { name: 'Eject the drive when done' })).toBeChecked();
  });
});
