// Windows: the physical drives that hold a file. The file's volume (GetVolumePathName, then its
// \\?\Volume{…} name) is asked for its disk extents (IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS): one per
// disk, several for a volume spanned over disks. A network share is on no local disk. PowerShell
// compiles the few Win32 calls (Add-Type); the file path reaches it through the environment, never
// through the command text. Compile-reviewed: the parser is tested on sample output, the script
// only runs on Windows.

import { execFile } from 'node:child_process';

const SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
public static class ImprintVolumeExtents {
  [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern bool GetVolumePathNameW(string file, StringBuilder root, int size);
  [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern bool GetVolumeNameForVolumeMountPointW(string mount, StringBuilder name, int size);
  [DllImport("kernel32.dll", CharSet = CharSet.Unicode)]
  static extern uint GetDriveTypeW(string root);
  [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern SafeFileHandle CreateFileW(string name, uint access, uint share, IntPtr security, uint disposition, uint flags, IntPtr template);
  [DllImport("kernel32.dll", SetLastError = true)]
  static extern bool DeviceIoControl(SafeFileHandle device, uint code, IntPtr input, uint inputSize, byte[] output, uint outputSize, out uint returned, IntPtr overlapped);
  public static string Describe(string file) {
    var root = new StringBuilder(32768);
    if (!GetVolumePathNameW(file, root, root.Capacity)) throw new Win32Exception();
    if (GetDriveTypeW(root.ToString()) == 4) return "network";
    var volume = new StringBuilder(1024);
    if (!GetVolumeNameForVolumeMountPointW(root.ToString(), volume, volume.Capacity)) throw new Win32Exception();
    using (var handle = CreateFileW(volume.ToString().TrimEnd('\\'), 0, 3, IntPtr.Zero, 3, 0, IntPtr.Zero)) {
      if (handle.IsInvalid) throw new Win32Exception();
      var buffer = new byte[8 + 24 * 128];
      uint returned;
      if (!DeviceIoControl(handle, 0x00560000, IntPtr.Zero, 0, buffer, (uint)buffer.Length, out returned, IntPtr.Zero)) throw new Win32Exception();
      var text = new StringBuilder();
      int count = BitConverter.ToInt32(buffer, 0);
      for (int i = 0; i < count; i++) text.Append("disk ").Append(BitConverter.ToUInt32(buffer, 8 + 24 * i)).Append("\n");
      return text.ToString();
    }
  }
}
'@
[ImprintVolumeExtents]::Describe($env:IMPRINT_HOLDER_PATH)
`;

/** The script's output: "network", or one "disk N" line per extent. Throws on anything else. */
export function parseVolumeExtents(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 1 && lines[0] === 'network') return [];
  const disks = lines.map((l) => /^disk (\d+)$/.exec(l)?.[1]);
  if (disks.length === 0 || disks.some((d) => d === undefined)) {
    throw new Error(`unexpected answer about the volume's disks: ${text.trim().slice(0, 200) || '(nothing)'}`);
  }
  return [...new Set(disks.map((d) => `\\\\.\\PhysicalDrive${d ?? ''}`))];
}

/** \\.\PhysicalDriveN of every disk holding a file; throws when they cannot be found. */
export function windowsHolderDisks(path: string): Promise<string[]> {
  const encoded = Buffer.from(SCRIPT, 'utf16le').toString('base64');
  const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded];
  return new Promise((resolve, reject) => {
    execFile(
      'powershell.exe',
      args,
      { timeout: 60_000, windowsHide: true, env: { ...process.env, IMPRINT_HOLDER_PATH: path } },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`finding the disk of ${path} failed: ${stderr.trim() || error.message}`));
          return;
        }
        try {
          resolve(parseVolumeExtents(stdout));
        } catch (parseError) {
          reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
        }
      },
    );
  });
}
