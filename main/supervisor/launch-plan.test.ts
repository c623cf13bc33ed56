import { describe, expect, it } from 'vitest';
import { appleScriptString, launchPlan, pkexecFailure, powerShellQuote, shellQuote, type PlanInput } from './launch-plan.js';

const base = (platform: PlanInput['platform'], isElevated: boolean): PlanInput => ({
  platform,
  isElevated,
  writer: { command: '/opt/Imprint/imprint', args: ['--imprint-writer', '--no-sandbox'] },
  parentPid: 4242,
  socket: { socketPath: '/tmp/imprint-x/writer.sock', secretFile: '/tmp/imprint-x/secret' },
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
    expect(script).toContain("'--secret-file' '/tmp/imprint-x/secret'");
    expect(script).toContain("'--socket' '/tmp/imprint-x/writer.sock'");
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
  });
});

describe('quoting and pkexec results', () => {
  it('quotes for sh, AppleScript and PowerShell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(appleScriptString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(powerShellQuote("O'Brien")).toBe("'O''Brien'");
  });

  it('tells a dismissed prompt from a missing polkit agent', () => {
    expect(pkexecFailure(126, '')).toBe('dismissed');
    expect(pkexecFailure(127, 'Error executing command as another user: No authentication agent found.')).toBe('no-agent');
    expect(pkexecFailure(127, 'Error executing command as another user: Not authorized')).toBe('not-authorized');
    expect(pkexecFailure(127, 'Error getting authority: Error initializing authority: Could not connect')).toBe('no-agent');
    expect(pkexecFailure(0, '')).toBeNull();
  });
});
