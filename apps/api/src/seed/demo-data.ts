import type { CustomerCreateInput } from '@cm/domain';

const FIRST = [
  'Amelia',
  'Oliver',
  'Isla',
  'George',
  'Ava',
  'Noah',
  'Mia',
  'Leo',
  'Sofia',
  'Lucas',
  'Emma',
  'Mateo',
  'Chloé',
  'Hugo',
  'Lena',
  'Jonas',
  'Aisha',
  'Omar',
  'Priya',
  'Arjun',
  'Yuki',
  'Kenji',
  'Zoë',
  'Liam',
  'Nora',
  'Elias',
  'María',
  'José',
  'Fatima',
  'Ibrahim',
];
const LAST = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Martin',
  'Bernard',
  'Dubois',
  'Müller',
  'Schmidt',
  'Rossi',
  'Bianchi',
  'García',
  'Fernández',
  'Kowalski',
  'Nowak',
  'Jansen',
  'de Vries',
  'Khan',
  'Patel',
  'Sato',
  'Suzuki',
  "O'Brien",
  'Murphy',
  'Novák',
  'Andersen',
  'Nielsen',
  'Silva',
  'Costa',
  'Haddad',
];
const COMPANY_A = [
  'Northwind',
  'Bluewater',
  'Granite',
  'Silverline',
  'Evergreen',
  'Lighthouse',
  'Redwood',
  'Summit',
  'Harbour',
  'Meridian',
  'Atlas',
  'Juniper',
  'Copperfield',
  'Kestrel',
  'Orchid',
];
const COMPANY_B = [
  'Trading',
  'Logistics',
  'Capital',
  'Foods',
  'Analytics',
  'Holdings',
  'Engineering',
  'Textiles',
  'Pharma',
  'Studios',
];
const COMPANY_SUFFIX: Record<string, string> = {
  GB: 'Ltd',
  DE: 'GmbH',
  FR: 'SAS',
  NL: 'B.V.',
  IT: 'S.r.l.',
  ES: 'S.L.',
  US: 'Inc.',
  IE: 'Ltd',
};

/** Country, city, a valid national phone number and a postcode per place. */
const PLACES = [
  { country: 'GB', city: 'London', phone: '020 7946 0{n}', postalCode: 'EC1A 1BB', state: null },
  { country: 'GB', city: 'Manchester', phone: '0161 496 0{n}', postalCode: 'M1 1AE', state: null },
  { country: 'DE', city: 'Berlin', phone: '030 1234{n}', postalCode: '10115', state: 'Berlin' },
  { country: 'FR', city: 'Lyon', phone: '04 72 10 3{n}', postalCode: '69002', state: null },
  { country: 'NL', city: 'Amsterdam', phone: '020 123 4{n}', postalCode: '1012 JS', state: 'Noord-Holland' },
  { country: 'IT', city: 'Milano', phone: '02 1234 5{n}', postalCode: '20121', state: 'MI' },
  { country: 'ES', city: 'Madrid', phone: '912 345 {n}', postalCode: '28013', state: 'Madrid' },
  { country: 'US', city: 'Austin', phone: '(512) 555-0{n}', postalCode: '78701', state: 'TX' },
  { country: 'IE', city: 'Dublin', phone: '01 234 5{n}', postalCode: 'D02 X285', state: null },
] as const;

const STREETS = [
  'High Street',
  'Station Road',
  'Hauptstraße',
  'Rue de la République',
  'Keizersgracht',
  'Via Roma',
  'Calle Mayor',
  'Congress Ave',
  'Grafton Street',
];

/** Deterministic pseudo-random numbers, so every fresh start shows the same demo data. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

export function demoCustomers(count: number): CustomerCreateInput[] {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const out: CustomerCreateInput[] = [];
  for (let i = 0; i < count; i++) {
    const place = PLACES[i % PLACES.length]!;
    const n = String(100 + ((i * 37) % 900)).slice(-3);
    const phone = place.phone.replace('{n}', n.slice(0, place.phone.includes('{n}') ? 3 : 0));
    const risk = rand() < 0.15 ? 'high' : rand() < 0.5 ? 'low' : 'medium';
    const address = {
      addressLine1: `${1 + Math.floor(rand() * 200)} ${pick(STREETS)}`,
      city: place.city,
      state: place.state,
      postalCode: place.postalCode,
      country: place.country,
    };
    if (i % 4 === 3) {
      const name = `${pick(COMPANY_A)} ${pick(COMPANY_B)} ${COMPANY_SUFFIX[place.country] ?? 'Ltd'}`;
      out.push({
        type: 'business',
        companyName: name,
        email: `contact+${i}@${name.split(' ')[0]!.toLowerCase()}.example`,
        phone,
        riskLevel: risk,
        ...address,
      });
    } else {
      const first = pick(FIRST);
      const last = pick(LAST);
      const year = 1950 + Math.floor(rand() * 55);
      const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
      const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
      const local = `${first}.${last}`
        .normalize('NFD')
        .replace(/[^A-Za-z.]/g, '')
        .toLowerCase();
      out.push({
        type: 'individual',
        firstName: first,
        lastName: last,
        email: `${local}.${i}@mail.example`,
        phone,
        dateOfBirth: `${year}-${month}-${day}`,
        riskLevel: risk,
        ...address,
      });
    }
  }
  return out;
}
