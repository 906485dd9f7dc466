import { describe, expect, it } from 'vitest';
import { KeyMaker } from '../prepare/keys.ts';
import {
  phoneRegionFor,
  regionFromAddress,
  regionFromNumberShape,
  regionFromPostalCode,
  regionFromRecord,
  regionFromState,
} from './phone-region.ts';

describe('the region a record names', () => {
  it.each([
    ['100-0005', 'JP'],
    ['〒1000005', 'JP'],
    ['１００－０００５', 'JP'],
    ['94105-1234', 'US'],
    ['SW1A 1AA', 'GB'],
    ['K1A 0B1', 'CA'],
    ['94105', null],
    ['10115', null],
  ])('postal code %s → %s', (postal, region) => expect(regionFromPostalCode(postal)).toBe(region));

  it.each([
    ['東京都', 'JP'],
    ['Osaka', 'JP'],
    ['CA', 'US'],
    ['N.Y.', 'US'],
    ['Texas', 'US'],
    ['Bavaria', null],
  ])('state or prefecture %s → %s', (state, region) => expect(regionFromState(state)).toBe(region));

  it.each([
    ['千代田区丸の内1-1', 'JP'],
    ['大阪府大阪市北区梅田1丁目', 'JP'],
    ['500 Market St, San Francisco, CA 94105', 'US'],
    ['1 Main St, Springfield, USA', 'US'],
    ['12 Rue de Rivoli, Paris', null],
  ])('address %s → %s', (address, region) => expect(regionFromAddress(address)).toBe(region));

  it('takes the country before the rest', () => {
    expect(regionFromRecord({ country: 'United States', postal_code: '100-0005' })).toBe('US');
    expect(regionFromRecord({ postal_code: '100-0005', address: '500 Market St, CA 94105' })).toBe('JP');
    expect(regionFromRecord({ address: '500 Market St, San Francisco, CA 94105' })).toBe('US');
    expect(regionFromRecord({})).toBeNull();
  });
});

describe('the region a number’s shape names', () => {
  it.each([
    ['(202) 555-0143', 'US'],
    ['202-555-0143', 'US'],
    ['1-415-555-0132', 'US'],
    ['4155550132', 'US'],
    // A Japanese mobile whose 0 a spreadsheet dropped, and numbers with their 0: not North American.
    ['9012345678', null],
    ['2025550143', null],
    ['090-1234-5678', null],
    ['03-1234-5678', null],
    ['312345678', null],
    ['+1 202 555 0143', null],
  ])('%s → %s', (number, region) => expect(regionFromNumberShape(number)).toBe(region));

  it('the record first, then the shape, then the source default, then Japan', () => {
    expect(phoneRegionFor('202-555-0143', 'JP', null)).toBe('JP');
    expect(phoneRegionFor('202-555-0143', null, 'JP')).toBe('US');
    expect(phoneRegionFor('020 7946 0958', null, 'GB')).toBe('GB');
    expect(phoneRegionFor('03-1234-5678', null, null)).toBe('JP');
  });
});

describe('phone keys of a mixed Japanese and US file', () => {
  const maker = new KeyMaker();
  const phoneOf = (record: Parameters<KeyMaker['keys']>[0], sourceRegion: string | null = null) => maker.keys(record, sourceRegion).phone;

  it('reads US numbers written without +1 as US numbers, Japanese ones as Japanese', () => {
    expect(phoneOf({ phone: '(202) 555-0143' })).toBe('+12025550143');
    expect(phoneOf({ phone: '2025550143', address: '1600 Pennsylvania Ave NW, Washington, DC 20500' })).toBe('+12025550143');
    expect(phoneOf({ phone: '2025550143', country: 'USA' })).toBe('+12025550143');
    expect(phoneOf({ phone: '415.555.0132', region: 'CA' })).toBe('+14155550132');
    expect(phoneOf({ phone: '03-1234-5678', postal_code: '100-0005' })).toBe('+81312345678');
    expect(phoneOf({ phone: '9012345678' })).toBe('+819012345678');
    expect(phoneOf({ phone: '090-1234-5678', country: '日本' })).toBe('+819012345678');
  });

  it('a row’s own country outranks the source’s default region', () => {
    expect(phoneOf({ phone: '2025550143', country: 'United States' }, 'JP')).toBe('+12025550143');
    expect(phoneOf({ phone: '020 7946 0958' }, 'GB')).toBe('+442079460958');
  });
});
