// The elevation helpers' outcomes, from the texts they really print: pkexec's from polkit's
// src/programs/pkexec.c (122, Debian 12), osascript's and PowerShell's as documented.

import { describe, expect, it } from 'vitest';
import { elevationError, osascriptFailure, pkexecFailure, uacFailure } from './elevation-failure.js';

const PKEXEC = {
  dismissed: 'Error executing command as another user: Request dismissed\n',
  notAuthorized: 'Error executing command as another user: Not authorized\n\nThis incident has been reported.\n',
  noAgent: 'Error executing command as another user: No authentication agent found.\n',
  noPolkit: 'Error getting authority: Error initializing authority: Could not connect: No such file or directory\n',
  // An AppImage's FUSE mount: root may not even stat the user's mount.
  fuse: 'Error accessing /tmp/.mount_ImprinAbC/imprint: Permission denied\n',
  notFound: 'Cannot run program imprint: No such file or directory\n',
  execFailed: 'Error executing /opt/Imprint/imprint: Permission denied\n',
  home: 'Error changing to home directory /root: Permission denied\n',
  deadParent: 'Refusing to render service to dead parents.\n',
  notSetuid: 'pkexec must be setuid root\n',
};

describe('pkexecFailure', () => {
  it('126 is the only "dismissed"', () => {
    expect(pkexecFailure(126, PKEXEC.dismissed)).toBe('dismissed');
    for (const text of Object.values(PKEXEC)) expect(pkexecFailure(127, text)).not.toBe('dismissed');
  });

  it('tells the 127 outcomes apart', () => {
    expect(pkexecFailure(127, PKEXEC.notAuthorized)).toBe('not-authorized');
    expect(pkexecFailure(127, PKEXEC.noAgent)).toBe('no-agent');
    expect(pkexecFailure(127, PKEXEC.noPolkit)).toBe('no-polkit');
    expect(pkexecFailure(127, PKEXEC.fuse)).toBe('cannot-execute');
    expect(pkexecFailure(127, PKEXEC.notFound)).toBe('cannot-execute');
    expect(pkexecFailure(127, PKEXEC.execFailed)).toBe('cannot-execute');
    expect(pkexecFailure(127, PKEXEC.home)).toBe('cannot-execute');
    expect(pkexecFailure(127, PKEXEC.deadParent)).toBe('failed');
    expect(pkexecFailure(127, PKEXEC.notSetuid)).toBe('failed');
    expect(pkexecFailure(127, '')).toBe('failed');
  });

  it('any other exit is the writer\'s own, not pkexec\'s', () => {
    expect(pkexecFailure(0, '')).toBeNull();
    expect(pkexecFailure(1, 'imprint writer: something')).toBeNull();
    expect(pkexecFailure(null, '')).toBeNull();
  });
});

describe('elevationError', () => {
  const errorFor = (text: string) => elevationError(pkexecFailure(127, text) ?? 'failed', text);

  it('gives each outcome its own code and a remedy', () => {
    expect(elevationError('dismissed', PKEXEC.dismissed).code).toBe('E_ELEVATION_DISMISSED');
    expect(errorFor(PKEXEC.noAgent).code).toBe('E_ELEVATION_NO_AGENT');
    const notAuthorized = errorFor(PKEXEC.notAuthorized);
    expect(notAuthorized.code).toBe('E_ELEVATION_NOT_AUTHORIZED');
    expect(notAuthorized.message).toContain('not allowed');
    expect(notAuthorized.message).toContain('sudo imprint flash');
    expect(notAuthorized.message).not.toMatch(/dismissed/i);
    const noPolkit = errorFor(PKEXEC.noPolkit);
    expect(noPolkit.code).toBe('E_ELEVATION_NO_POLKIT');
    expect(noPolkit.message).toContain('systemctl start polkit');
    const fuse = errorFor(PKEXEC.fuse);
    expect(fuse.code).toBe('E_ELEVATION_CANNOT_EXECUTE');
    expect(fuse.message).toContain('/tmp/.mount_ImprinAbC/imprint: Permission denied');
    const other = errorFor(PKEXEC.deadParent);
    expect(other.code).toBe('E_ELEVATION_FAILED');
    expect(other.message).toContain('Refusing to render service to dead parents.');
    expect(errorFor(PKEXEC.notAuthorized).message).not.toContain('This incident has been reported');
  });
});

describe('osascript and UAC', () => {
  it('osascript: only a cancelled prompt is "dismissed"; a refused password is not', () => {
    expect(osascriptFailure(1, '0:132: execution error: User canceled. (-128)\n')).toBe('dismissed');
    expect(osascriptFailure(1, 'execution error: The authorization was canceled by the user. (-60006)\n')).toBe('dismissed');
    expect(osascriptFailure(1, 'execution error: The administrator user name or password was incorrect. (-60005)\n')).toBe('not-authorized');
    expect(osascriptFailure(1, 'execution error: sh: /Applications/Imprint.app: No such file (127)\n')).toBe('failed');
    expect(osascriptFailure(0, '')).toBeNull();
  });

  it('UAC: a declined prompt is "dismissed", anything else a failure', () => {
    const declined = 'Start-Process : This command cannot be run due to the error: The operation was canceled by the user.\n';
    expect(uacFailure(1, declined)).toBe('dismissed');
    expect(uacFailure(1, 'Start-Process : This command cannot be run due to the error: The system cannot find the file specified.\n')).toBe('failed');
    expect(uacFailure(0, '')).toBeNull();
  });
});
