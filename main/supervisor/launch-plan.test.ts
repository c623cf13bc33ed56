import { describe, expect, it } from 'vitest';
import { appleScriptString, launchPlan, powerShellQuote, shellQuote, socketChannel, writerCommandFor, type PlanInput } from './launch-plan.js';

const base = (platform: PlanInput['platform'], isElevated: boolean): PlanInput => ({
  platform,
  isElevated,
  writer: { command: '/opt/Imprint/imprint', args: ['--imprint-writer', '--no-sandbox'] },
  parentPid: 4242,
  socket: { socketPath: '/private/tmp/imprint-x/writer.sock', secretFile: '/var/folders/q/T/imprint-1/secret' },
  clientUid: 501,
});

describe('launchPlan', () => {
  it('runs the writer directly over stdio when already elevated', () => {
    expect(launchPlan(base('linux', true))).toEqual({
      mode: 'stdio',
      elevation: 'none',
      command: '/opt/Imprint/imprint',
      args: ['--imprint-writer', '--no-sandbox', '--parent-pid', '4242'],
    });
  });

  it('Linux: pkexec keeps stdio, so no socket and no secret are involved', () => {
    const plan = launchPlan(base('linux', false));
    expect(plan).toEqual({
      mode: 'stdio',
      elevation: 'pkexec',
      command: 'pkexec',
      args: ['--disable-internal-agent', '/opt/Imprint/imprint', '--imprint-writer', '--no-sandbox', '--parent-pid', '4242'],
    });
  });

  it('macOS: an administrator prompt via osascript, socket mode, secret passed by file only', () => {
    const plan = launchPlan({ ...base('darwin', false), writer: { command: "/Applications/Imprint's.app/Contents/MacOS/Imprint", args: ['--imprint-writer'] } });
    expect(plan.mode).toBe('socket');
    expect(plan.command).toBe('/usr/bin/osascript');
    expect(plan.args[0]).toBe('-e');
    const script = plan.args[1] ?? '';
    expect(script).toMatch(/^do shell script ".*" with prompt ".*" with administrator privileges$/);
    expect(script).toContain(`'/Applications/Imprint'\\\\''s.app/Contents/MacOS/Imprint'`);
    expect(script).toContain("'--secret-file' '/var/folders/q/T/imprint-1/secret'");
    expect(script).toContain("'--socket' '/private/tmp/imprint-x/writer.sock'");
    // The writer lets only this uid connect, and the secret file must be this uid's.
    expect(script).toContain("'--client-uid' '501'");
  });

  it('Windows: UAC through Start-Process -Verb RunAs, socket mode', () => {
    const plan = launchPlan({
      ...base('win32', false),
      writer: { command: 'C:\\Program Files\\Imprint\\Imprint.exe', args: ['--imprint-writer'] },
      socket: { socketPath: '\\\\.\\pipe\\imprint-ab', secretFile: 'C:\\Users\\me\\AppData\\Local\\Temp\\imprint-1\\secret' },
    });
    expect(plan.mode).toBe('socket');
    expect(plan.command).toBe('powershell.exe');
    const command = plan.args.at(-1) ?? '';
    expect(command).toContain("Start-Process -FilePath 'C:\\Program Files\\Imprint\\Imprint.exe'");
    expect(command).toContain('-Verb RunAs');
    expect(command).toContain(`'"\\\\.\\pipe\\imprint-ab"'`);
    expect(command).toContain(`'"C:\\Users\\me\\AppData\\Local\\Temp\\imprint-1\\secret"'`);
    expect(command).not.toContain('client-uid');
  });
});

describe('quoting', () => {
  it('quotes for sh, AppleScript and PowerShell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(appleScriptString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(powerShellQuote("O'Brien")).toBe("'O''Brien'");
  });
});

describe('socketChannel', () => {
  const random = 'ab'.repeat(16);
  it('macOS: a folder the writer makes under /private/tmp (root-owned, sticky; /tmp and /var are symlinks)', () => {
    expect(socketChannel('darwin', random, '/var/folders/q/T/imprint-1')).toEqual({
      socketPath: `/private/tmp/imprint-${random}/writer.sock`,
      secretFile: '/var/folders/q/T/imprint-1/secret',
    });
  });
  it('Windows: a named pipe; the secret file stays in main\'s private folder', () => {
    expect(socketChannel('win32', random, 'C:\\Users\\me\\Temp\\imprint-1')).toEqual({
      socketPath: `\\\\.\\pipe\\imprint-${random}`,
      secretFile: 'C:\\Users\\me\\Temp\\imprint-1\\secret',
    });
  });
});

describe('writerCommandFor', () => {
  const args = ['--imprint-writer', '--no-sandbox'];
  const packaged = { isPackaged: true, execPath: '/tmp/.mount_ImprinAbC/imprint', appPath: '/tmp/.mount_ImprinAbC/resources/app.asar' };

  it('development: Electron with the app folder', () => {
    expect(writerCommandFor({ isPackaged: false, execPath: '/x/electron', appPath: '/src/imprint', env: {} })).toEqual({
      command: '/x/electron',
      args: ['/src/imprint', ...args],
    });
  });

  it('AppImage: started through the AppImage file, because root cannot read the user\'s FUSE mount', () => {
    const env = { APPIMAGE: '/home/me/Imprint.AppImage', APPDIR: '/tmp/.mount_ImprinAbC' };
    expect(writerCommandFor({ ...packaged, env })).toEqual({ command: '/home/me/Imprint.AppImage', args });
  });

  it('an inherited $APPIMAGE of another app is not run: only when our binary is inside $APPDIR', () => {
    const other = { APPIMAGE: '/home/me/Other.AppImage', APPDIR: '/tmp/.mount_OtherXyz' };
    expect(writerCommandFor({ ...packaged, execPath: '/opt/Imprint/imprint', env: other })).toEqual({ command: '/opt/Imprint/imprint', args });
    expect(writerCommandFor({ ...packaged, env: { APPIMAGE: '/home/me/Imprint.AppImage' } })).toEqual({ command: packaged.execPath, args });
    expect(writerCommandFor({ ...packaged, env: { APPIMAGE: 'Imprint.AppImage', APPDIR: '/tmp/.mount_ImprinAbC' } })).toEqual({
      command: packaged.execPath,
      args,
    });
    expect(writerCommandFor({ ...packaged, execPath: '/tmp/.mount_ImprinAbCD/imprint', env: { APPIMAGE: '/a.AppImage', APPDIR: '/tmp/.mount_ImprinAbC' } })).toEqual({
      command: '/tmp/.mount_ImprinAbCD/imprint',
      args,
    });
  });

  it('deb/rpm: the installed binary', () => {
    expect(writerCommandFor({ ...packaged, execPath: '/opt/Imprint/imprint', env: {} })).toEqual({ command: '/opt/Imprint/imprint', args });
  });
});
