import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/ipc-contract.js';
import { driveView, finding } from '../../main/test-support/renderer/fixtures.js';
import { isSelectable, needsAcknowledgement, preselection, pruneSelection, visibleDrives } from './drive-selection.js';

const stick = driveView();
const card = driveView({ driveId: 'c', device: '/dev/sdc' });
const locked = driveView({ driveId: 'l', device: '/dev/sdd', isReadOnly: true, findings: [finding('READ_ONLY')] });
const tooSmall = driveView({ driveId: 't', device: '/dev/sde', findings: [finding('TOO_SMALL')] });
const system = driveView({ driveId: 's', device: '/dev/sda', isSystem: true, isRemovable: false, findings: [finding('SYSTEM_DRIVE')] });
const loop = driveView({ driveId: 'v', device: '/dev/loop0', isVirtual: true, isRemovable: false, findings: [finding('NOT_REMOVABLE')] });
const big = driveView({ driveId: 'b', device: '/dev/sdf', findings: [finding('LARGE_DRIVE')] });

describe('drive selection rules', () => {
  it('hides system and virtual drives unless the settings show them', () => {
    expect(visibleDrives([stick, system, loop], DEFAULT_SETTINGS)).toEqual([stick]);
    expect(visibleDrives([stick, system, loop], { ...DEFAULT_SETTINGS, showSystemDrives: true, showVirtualDrives: true })).toHaveLength(3);
  });

  it('never selects a refused drive for writing, but lets a locked one be checked', () => {
    expect(isSelectable(tooSmall, 'flash')).toBe(false);
    expect(isSelectable(locked, 'flash')).toBe(false);
    expect(isSelectable(locked, 'verify')).toBe(true);
    expect(isSelectable(tooSmall, 'verify')).toBe(false);
    expect(isSelectable(system, 'verify')).toBe(false);
  });

  it('preselects only a single removable drive with nothing against it but mounted volumes', () => {
    expect(preselection([stick], DEFAULT_SETTINGS)).toEqual([stick.driveId]);
    expect(preselection([stick, card], DEFAULT_SETTINGS)).toEqual([]);
    expect(preselection([big], DEFAULT_SETTINGS)).toEqual([]);
    expect(preselection([loop], { ...DEFAULT_SETTINGS, showVirtualDrives: true })).toEqual([]);
    expect(preselection([stick, tooSmall, locked], DEFAULT_SETTINGS)).toEqual([stick.driveId]);
  });

  it('never preselects a drive with a refusal or a system-drive finding, however removable and USB it looks', () => {
    const show = { ...DEFAULT_SETTINGS, showSystemDrives: true, showVirtualDrives: true };
    // A Raspberry Pi booting from a USB SSD: removable, on USB, and its mounts make it the system drive.
    const usbRoot = driveView({
      driveId: 'r',
      device: '/dev/sda',
      description: 'Samsung T7',
      busType: 'USB',
      isRemovable: true,
      isSystem: true,
      volumes: [{ path: '/', label: 'rootfs' }],
      findings: [finding('SYSTEM_DRIVE'), finding('MOUNTED')],
    });
    expect(preselection([usbRoot], show)).toEqual([]);
    // The finding alone decides, even if the view's isSystem flag disagrees.
    expect(preselection([driveView({ findings: [finding('SYSTEM_DRIVE')] })], show)).toEqual([]);
    expect(preselection([driveView({ findings: [{ ...finding('SYSTEM_DRIVE'), severity: 'warning' }] })], show)).toEqual([]);
    // A refused verdict without a refusing finding (never sent, but fail closed) is not preselected.
    expect(preselection([driveView({ verdict: { status: 'refused', findings: [finding('MOUNTED')] } })], show)).toEqual([]);
    expect(preselection([driveView({ findings: [finding('MOUNTED'), finding('SOURCE_DRIVE')] })], show)).toEqual([]);
    expect(preselection([driveView({ isReadOnly: true })], show)).toEqual([]);
    // A virtual drive needs its own tick: never the obvious target.
    expect(preselection([driveView({ isVirtual: true, busType: 'VIRTUAL' })], show)).toEqual([]);
    // The stick next to them is still the one preselected.
    expect(preselection([usbRoot, stick], show)).toEqual([stick.driveId]);
  });

  it('drops chosen drives that vanished, became refused or hidden; checking keeps one', () => {
    expect(pruneSelection([stick.driveId, 'gone', tooSmall.driveId], [stick, tooSmall], DEFAULT_SETTINGS, 'flash')).toEqual([stick.driveId]);
    expect(pruneSelection([loop.driveId], [loop], DEFAULT_SETTINGS, 'flash')).toEqual([]);
    expect(pruneSelection([stick.driveId, card.driveId], [stick, card], DEFAULT_SETTINGS, 'verify')).toEqual([stick.driveId]);
  });

  it('asks for a second acknowledgement for large, non-removable and overridden system drives', () => {
    expect(needsAcknowledgement(big)).toBe(true);
    expect(needsAcknowledgement(loop)).toBe(true);
    expect(needsAcknowledgement(driveView({ isVirtual: true }))).toBe(true);
    expect(needsAcknowledgement(stick)).toBe(false);
    expect(needsAcknowledgement(driveView({ findings: [finding('MOUNTED')] }))).toBe(false);
  });
});
