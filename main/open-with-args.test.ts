import { describe, expect, it } from 'vitest';
import { imagePathFromArgv } from './open-with-args.js';

describe('imagePathFromArgv', () => {
  it('takes the image from a packaged app command line', () => {
    expect(imagePathFromArgv(['/opt/Imprint/imprint', '/home/me/ubuntu.iso'], '/home/me', 1)).toBe('/home/me/ubuntu.iso');
  });

  it('skips the app folder in development and resolves relative paths against the cwd', () => {
    expect(imagePathFromArgv(['/x/electron', '.', 'images/debian.iso'], '/home/me', 2)).toBe('/home/me/images/debian.iso');
  });

  it('ignores Chromium switches, macOS process serial numbers, and no-argument starts', () => {
    expect(imagePathFromArgv(['/opt/Imprint/imprint', '--no-sandbox', '--enable-logging'], '/', 1)).toBeNull();
    expect(imagePathFromArgv(['/Applications/Imprint.app/Contents/MacOS/Imprint', '-psn_0_12345'], '/', 1)).toBeNull();
    expect(imagePathFromArgv(['/opt/Imprint/imprint'], '/', 1)).toBeNull();
  });

  it('accepts file:// URLs from desktop launchers and Windows paths', () => {
    expect(imagePathFromArgv(['imprint', 'file:///home/me/My%20Image.iso'], '/', 1)).toBe('/home/me/My Image.iso');
    expect(imagePathFromArgv(['Imprint.exe', 'D:\\isos\\win.iso'], 'C:\\Users\\me', 1)).toBe('D:\\isos\\win.iso');
    expect(imagePathFromArgv(['Imprint.exe', 'win.iso'], 'C:\\Users\\me', 1)).toBe('C:\\Users\\me\\win.iso');
  });

  it('uses the last file argument when a launcher passes several', () => {
    expect(imagePathFromArgv(['imprint', '/a.iso', '--flag', '/b.img'], '/', 1)).toBe('/b.img');
  });
});
