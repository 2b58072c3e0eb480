import { describe, expect, it } from 'vitest';
import { addressLines } from '../src/customers/address';
import { formatPhone } from '../src/customers/phone-format';

describe('formatPhone — stored numbers shown in international format', () => {
  it.each([
    ['+442079460958', 'GB', '+44 20 7946 0958', '+442079460958'],
    ['+12015550123', 'US', '+1 201 555 0123', '+12015550123'],
    ['+4930123456', 'DE', '+49 30 123456', '+4930123456'],
    ['+33123456789', 'FR', '+33 1 23 45 67 89', '+33123456789'],
    ['+81312345678', 'JP', '+81 3 1234 5678', '+81312345678'],
    // an older value stored in national format is read with the customer's country
    ['020 7946 0958', 'GB', '+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', null, '+44 20 7946 0958', '+442079460958'],
    // the number's own country code wins over the customer's country
    ['+4930123456', 'GB', '+49 30 123456', '+4930123456'],
  ])('%s (%s) → %s', (stored, country, text, e164) => {
    expect(formatPhone(stored, country)).toEqual({ text, e164 });
  });

  it.each([
    ['call reception', 'GB'],
    ['12', 'GB'],
    ['020 7946 0958', null],
    ['020 7946 0958', 'XX'],
  ])('shows %j (%s) as stored, with no link, when it cannot be read', (stored, country) => {
    expect(formatPhone(stored, country)).toEqual({ text: stored, e164: null });
  });
});

const address = {
  addressLine1: '1600 Amphitheatre Parkway',
  addressLine2: null,
  city: 'Mountain View',
  state: 'CA',
  postalCode: '94043',
};

describe('addressLines — the order each country writes an address', () => {
  it('US: "City, ST 12345"', () => {
    expect(addressLines({ ...address, country: 'US' })).toEqual([
      '1600 Amphitheatre Parkway',
      'Mountain View, CA 94043',
    ]);
  });

  it('GB: town, then the postcode on its own line, upper-cased; a county it has no place for ends the address', () => {
    expect(
      addressLines({
        addressLine1: '10 Downing Street',
        addressLine2: 'Westminster',
        city: 'London',
        state: null,
        postalCode: 'sw1a 2aa',
        country: 'gb',
      }),
    ).toEqual(['10 Downing Street', 'Westminster', 'London', 'SW1A 2AA']);
    expect(
      addressLines({
        addressLine1: '1 High Street',
        city: 'Oxford',
        state: 'Oxfordshire',
        postalCode: 'OX1 1AA',
        country: 'GB',
      }),
    ).toEqual(['1 High Street', 'Oxford', 'OX1 1AA', 'Oxfordshire']);
  });

  it.each([
    ['DE', 'Unter den Linden 1', '10117', 'Berlin', '10117 Berlin'],
    ['FR', '8 rue de Rivoli', '75004', 'Paris', '75004 Paris'],
  ])('%s: "12345 City"', (country, street, postalCode, city, last) => {
    expect(addressLines({ addressLine1: street, postalCode, city, country })).toEqual([street, last]);
    // The state of a city-state is not repeated; another region ends the address.
    expect(addressLines({ addressLine1: street, postalCode, city, state: city, country })).toEqual([street, last]);
    expect(addressLines({ addressLine1: street, postalCode, city, state: 'Region', country })).toEqual([
      street,
      last,
      'Region',
    ]);
  });

  it('JP in Japanese: postcode first, then prefecture, city and street (largest place first)', () => {
    expect(
      addressLines({
        addressLine1: '千代田1-1',
        city: '千代田区',
        state: '東京都',
        postalCode: '100-0001',
        country: 'JP',
      }),
    ).toEqual(['〒100-0001', '東京都', '千代田区', '千代田1-1']);
  });

  it('JP in Latin letters: the Latin-script order, the city kept with the street', () => {
    expect(
      addressLines({
        addressLine1: '1-1 Chiyoda',
        city: 'Chiyoda-ku',
        state: 'Tokyo',
        postalCode: '100-0001',
        country: 'JP',
      }),
    ).toEqual(['1-1 Chiyoda, Chiyoda-ku, Tokyo', '100-0001']);
    expect(
      addressLines({
        addressLine1: 'Tower 2, 1-1',
        addressLine2: 'Chiyoda',
        state: 'Tokyo',
        postalCode: '100-0001',
        country: 'JP',
      }),
    ).toEqual(['Tower 2, 1-1', 'Chiyoda, Tokyo', '100-0001']);
  });

  it('leaves out empty fields and their separators, and never drops a value', () => {
    expect(addressLines({ city: 'Mountain View', postalCode: '94043', country: 'US' })).toEqual([
      'Mountain View 94043',
    ]);
    expect(addressLines({ addressLine1: '  ', city: '', country: 'DE' })).toEqual([]);
    // No place for a city or a postcode in the UAE's format: the city joins the street, the postcode ends it.
    expect(addressLines({ addressLine1: 'Al Wasl Road', city: 'Dubai', postalCode: '00000', country: 'AE' })).toEqual([
      'Al Wasl Road, Dubai',
      '00000',
    ]);
  });
});
