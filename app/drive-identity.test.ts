import { describe, expect, it } from 'vitest';
import { chosenDriveDifference, identityDifference } from './drive-identity.js';

const id = { mediaId: '203', devNumber: '7:0', serial: 'ABC', wwn: null };

describe('drive identity', () => {
  it('the same medium matches, fields unknown when chosen are not compared', () => {
    expect(identityDifference(id, { ...id })).toBeNull();
    expect(identityDifference({ ...id, serial: null }, { ...id, serial: 'XYZ' })).toBeNull();
  });

  it('a new media identity (card swapped, loop re-attached) is another drive', () => {
    expect(identityDifference(id, { ...id, mediaId: '204' })).toMatch(/media identity was 203 .* is 204/);
  });

  it('a field known when chosen but unknown now fails closed', () => {
    expect(identityDifference(id, { ...id, serial: null })).toMatch(/serial number was ABC .* is unknown/);
    expect(identityDifference(id, {})).toMatch(/media identity/);
  });

  it('size is compared first', () => {
    expect(chosenDriveDifference({ size: 8, identity: id }, { size: 16, identity: id })).toMatch(/8 bytes .* 16 bytes/);
    expect(chosenDriveDifference({ size: 8, identity: id }, { size: 8, identity: { ...id, devNumber: '7:1' } })).toMatch(/device number/);
    expect(chosenDriveDifference({ size: 8, identity: id }, { size: 8, identity: id })).toBeNull();
  });
});
