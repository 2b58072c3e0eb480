/**
 * Bulk data for the benchmark: N customers (and KYC documents for many of them) generated inside
 * the database with INSERT … SELECT generate_series, so a million rows load in about a minute.
 *
 * Secondary indexes are dropped before loading and rebuilt afterwards from the definitions the
 * migrations created (read back from the catalog, so they are exactly the migrated ones); building
 * a trigram GIN index once is much faster than maintaining it row by row.
 */
import { type Db, sql } from '@cm/db';

/** A surname planted in about one customer in 100,000: the "rare term" of the search cases. */
export const RARE_SURNAME = 'Quirkwhistle';
const RARE_EVERY = 99_991;

/** Word lists are written as comma-separated text to keep this file short. */
const words = (csv: string) => csv.split(',');

const FIRST_NAMES = words(
  'James,Mary,John,Patricia,Robert,Jennifer,Michael,Linda,William,Elizabeth,David,Barbara,Richard,' +
    'Susan,Joseph,Jessica,Thomas,Sarah,Charles,Karen,Oliver,Amelia,George,Isla,Harry,Ava,Jack,Emily,' +
    'Noah,Sophie,Lukas,Anna,Leon,Mia,Felix,Hannah,Paul,Lena,Jonas,Laura,Louis,Camille,Hugo,Chloé,' +
    'Jules,Léa,Arthur,Manon,Gabriel,Inès,José,María,Javier,Lucía,Pablo,Carmen,Diego,Sofía,Alejandro,' +
    'Elena,Marco,Giulia,Luca,Francesca,Matteo,Chiara,Daan,Emma,Sem,Julia,Jan,Zofia,Piotr,Agnieszka,' +
    'Tomasz,Katarzyna,Erik,Astrid,Lars,Ingrid,Sean,Aoife,Conor,Niamh,Raj,Priya,Arjun,Ananya,Wei,Li,' +
    'Chen,Mei,Hiroshi,Yuki,Ahmed,Fatima,Omar,Layla,Mohammed,Aisha,Daniel,Olivia,Samuel,Grace,' +
    'Benjamin,Charlotte,Henry,Lucy,Alexander,Ella',
);

const LAST_NAMES = words(
  'Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Wilson,Anderson,' +
    'Taylor,Thomas,Moore,Jackson,Martin,Lee,Thompson,White,Harris,Clark,Lewis,Robinson,Walker,Young,' +
    'Allen,King,Wright,Scott,Green,Baker,Adams,Nelson,Hill,Campbell,Mitchell,Roberts,Carter,Phillips,' +
    'Evans,Turner,Parker,Collins,Edwards,Stewart,Morris,Murphy,Cook,Rogers,Müller,Schmidt,Schneider,' +
    'Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Martin,Bernard,Dubois,Thomas,Robert,Richard,' +
    'Petit,Durand,Leroy,Moreau,García,Fernández,González,López,Sánchez,Pérez,Gómez,Díaz,Romero,' +
    'Navarro,Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,de Jong,Jansen,' +
    'de Vries,van den Berg,Bakker,Visser,Smit,Meijer,de Boer,Mulder,Nowak,Kowalski,Wiśniewski,Wójcik,' +
    "Kowalczyk,Andersson,Johansson,Karlsson,Nilsson,Eriksson,O'Brien,Byrne,Ryan,O'Connor,Kelly,Patel," +
    'Sharma,Singh,Kumar,Gupta,Wang,Zhang,Liu,Chen,Yang,Tanaka,Suzuki,Khan,Ali,Hassan,Hansen,Jensen,' +
    'Nielsen,Larsen,Olsen,Pedersen,Christensen,Petersen,Jacobsen,Dawson',
);

const COMPANY_WORDS = words(
  'Northwind,Blue,Harbor,Summit,Silver,Oak,Pioneer,Atlas,Vertex,Cedar,Granite,Meridian,Falcon,' +
    'Orchid,Beacon,Crescent,Evergreen,Horizon,Ironwood,Juniper,Keystone,Lighthouse,Maple,Nova,Orbit,' +
    'Pinnacle,Quantum,Redwood,Sterling,Tidewater,Union,Valley,Willow,Zenith,Alpine,Bridge,Coastal,' +
    'Delta,Eastgate,Fjord',
);
const COMPANY_KINDS = words(
  'Logistics,Trading,Consulting,Foods,Energy,Software,Capital,Holdings,Design,Medical,Textiles,' +
    'Motors,Partners,Analytics,Ventures,Systems,Imports,Studios,Builders,Farms',
);
const COMPANY_SUFFIXES = words('Ltd,Limited,GmbH,SAS,S.L.,S.r.l.,B.V.,Inc.,LLC,AB,plc,AG');

const EMAIL_DOMAINS = words(
  'gmail.com,gmail.com,gmail.com,outlook.com,outlook.com,yahoo.com,hotmail.com,icloud.com,gmx.de,' +
    'web.de,orange.fr,free.fr,btinternet.com,proton.me,mail.example,libero.it',
);

const STREETS = words(
  'High Street,Main Street,Station Road,Hauptstraße,Rue de la Paix,Calle Mayor,Via Roma,Kerkstraat,' +
    'Church Lane,Park Avenue,Mill Road,King Street,Queen Street,Bahnhofstraße',
);

/** [ISO code, dialling code, two cities, weight in per-mille]. */
const COUNTRIES: [string, string, string, string, number][] = [
  ['GB', '44', 'London', 'Manchester', 220],
  ['US', '1', 'New York', 'Chicago', 140],
  ['DE', '49', 'Berlin', 'Munich', 120],
  ['FR', '33', 'Paris', 'Lyon', 90],
  ['NL', '31', 'Amsterdam', 'Rotterdam', 60],
  ['ES', '34', 'Madrid', 'Barcelona', 60],
  ['IT', '39', 'Rome', 'Milan', 50],
  ['IE', '353', 'Dublin', 'Cork', 40],
  ['PL', '48', 'Warsaw', 'Kraków', 30],
  ['BE', '32', 'Brussels', 'Antwerp', 30],
  ['CH', '41', 'Zurich', 'Geneva', 30],
  ['SE', '46', 'Stockholm', 'Gothenburg', 20],
  ['PT', '351', 'Lisbon', 'Porto', 20],
  ['AT', '43', 'Vienna', 'Graz', 20],
  ['IN', '91', 'Mumbai', 'Bangalore', 20],
  ['DK', '45', 'Copenhagen', 'Aarhus', 10],
  ['NO', '47', 'Oslo', 'Bergen', 10],
  ['FI', '358', 'Helsinki', 'Espoo', 10],
  ['CA', '1', 'Toronto', 'Vancouver', 10],
  ['AU', '61', 'Sydney', 'Melbourne', 10],
  ['SG', '65', 'Singapore', 'Singapore', 5],
  ['AE', '971', 'Dubai', 'Abu Dhabi', 4],
  ['LU', '352', 'Luxembourg', 'Esch-sur-Alzette', 1],
];

/** A SQL array literal from trusted constants (quotes doubled). */
function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

/** An int array where index i appears weights[i] times: picking a random element is a weighted draw. */
function weightedIndex(weights: readonly number[]): string {
  const out: number[] = [];
  weights.forEach((w, i) => {
    for (let k = 0; k < w; k++) out.push(i + 1);
  });
  return `ARRAY[${out.join(',')}]::int[]`;
}

/** An element of a SQL array chosen by the uniform draw `r` in [0, 1). */
function pick(arr: string, r: string) {
  return sql.raw(`(${arr})[1 + floor(${r} * cardinality(${arr}))::int]`);
}

interface SeedOptions {
  customers: number;
  /** KYC documents per customer that has started KYC (0 = none). */
  kycPerCustomer: number;
  batchSize: number;
  onProgress?: (message: string) => void;
}

async function secondaryIndexes(db: Db, table: string) {
  const r = await sql<{ name: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid = ${table}::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`.execute(db);
  return r.rows;
}

export async function withoutSecondaryIndexes(db: Db, tables: string[], load: () => Promise<void>) {
  const saved: { name: string; def: string }[] = [];
  for (const t of tables) saved.push(...(await secondaryIndexes(db, t)));
  for (const ix of saved) await sql.raw(`DROP INDEX ${ix.name}`).execute(db);
  await load();
  for (const ix of saved) await sql.raw(ix.def).execute(db);
  return saved.map((s) => s.name);
}

function customerBatch(db: Db, from: number, to: number, total: number) {
  const countryWeights = COUNTRIES.map((c) => c[4]);
  const countries = textArray(COUNTRIES.map((c) => c[0]));
  const dials = textArray(COUNTRIES.map((c) => c[1]));
  const cityA = textArray(COUNTRIES.map((c) => c[2]));
  const cityB = textArray(COUNTRIES.map((c) => c[3]));
  const firsts = textArray(FIRST_NAMES);
  const lasts = textArray(LAST_NAMES);
  const words = textArray(COMPANY_WORDS);
  const kinds = textArray(COMPANY_KINDS);
  const suffixes = textArray(COMPANY_SUFFIXES);
  const domains = textArray(EMAIL_DOMAINS);
  const streets = textArray(STREETS);
  // Customers arrive over six years in id order (as a live system fills up), a few a day now.
  const spanSeconds = 6 * 365 * 86400;
  return sql`
    INSERT INTO customers (customer_number, type, first_name, last_name, company_name, email, phone, date_of_birth,
      address_line1, city, postal_code, country, status, kyc_status, risk_level,
      created_at, updated_at, deleted_at)
    SELECT
      -- Explicit numbers from the real sequence: the column default truncates past 999,999
      -- (lpad cuts to 6 characters), which the report's write check shows separately.
      'C-' || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END,
      type, first_name, last_name, company_name,
      CASE WHEN type = 'business'
        THEN 'info' || i || '@' || lower(regexp_replace(company_name, '[^A-Za-z]', '', 'g')) || '.example'
        ELSE lower(translate(
          CASE WHEN r_mail < 0.6 THEN first_name || '.' || last_name
               WHEN r_mail < 0.85 THEN left(first_name, 1) || last_name
               ELSE last_name || '.' || first_name END,
          'áéíóúüöäñçøåłśńèàâ'' ', 'aeiouuoancoalsneaa'))
          || i || '@' || ${pick(domains, 'r_dom')}
      END,
      CASE WHEN r_phone < 0.1 THEN NULL
        ELSE '+' || dial || '7' || lpad((floor(r_digits * 1000000000))::bigint::text, 9, '0') END,
      CASE WHEN type = 'individual' THEN date '1940-01-01' + floor(r_dob * 24000)::int END,
      (1 + floor(r_dob * 240))::int || ' ' || ${pick(streets, 'r_street')},
      city, lpad(floor(r_digits * 99999)::int::text, 5, '0'), country, status,
      CASE status
        WHEN 'active' THEN CASE WHEN r_kyc < 0.92 THEN 'verified' WHEN r_kyc < 0.98 THEN 'expired' ELSE 'pending' END
        WHEN 'pending' THEN CASE WHEN r_kyc < 0.45 THEN 'not_started' WHEN r_kyc < 0.85 THEN 'pending' ELSE 'rejected' END
        WHEN 'suspended' THEN CASE WHEN r_kyc < 0.5 THEN 'verified' WHEN r_kyc < 0.8 THEN 'expired' ELSE 'rejected' END
        ELSE CASE WHEN r_kyc < 0.5 THEN 'verified' ELSE 'expired' END
      END,
      CASE WHEN r_risk < 0.35 THEN 'low' WHEN r_risk < 0.85 THEN 'medium' ELSE 'high' END,
      created_at, created_at + (r_upd * (now() - created_at)),
      CASE WHEN r_del < 0.01 THEN created_at + (r_upd * (now() - created_at)) END
    FROM (
      SELECT *, nextval('customer_number_seq') AS seq,
        (${sql.raw(countries)})[k] AS country, (${sql.raw(dials)})[k] AS dial,
        CASE WHEN r_city < 0.6 THEN (${sql.raw(cityA)})[k] ELSE (${sql.raw(cityB)})[k] END AS city,
        CASE WHEN type = 'individual' THEN ${pick(firsts, 'r_first')} END AS first_name,
        CASE WHEN i % ${sql.lit(RARE_EVERY)} = 17 THEN ${sql.lit(RARE_SURNAME)}
             WHEN type = 'individual' THEN ${pick(lasts, 'r_last')} END AS last_name,
        CASE WHEN type = 'business' THEN ${pick(words, 'r_first')} || ' ' || ${pick(kinds, 'r_last')} || ' '
          || ${pick(suffixes, 'r_city')} END AS company_name,
        CASE WHEN r_status < 0.12 THEN 'pending' WHEN r_status < 0.86 THEN 'active'
             WHEN r_status < 0.94 THEN 'suspended' ELSE 'closed' END AS status,
        date_trunc('milliseconds', now() - make_interval(secs => ${sql.lit(spanSeconds)})
          + make_interval(secs => (i::float8 / ${sql.lit(total)}) * ${sql.lit(spanSeconds)} - r_upd * 3600))
          AS created_at
      FROM (
        SELECT g AS i,
          CASE WHEN random() < 0.8 OR g % ${sql.lit(RARE_EVERY)} = 17 THEN 'individual' ELSE 'business' END AS type,
          (${sql.raw(weightedIndex(countryWeights))})[1 + floor(random() * ${sql.lit(countryWeights.reduce((a, b) => a + b, 0))})::int] AS k,
          random() AS r_first, random() AS r_last, random() AS r_mail, random() AS r_dom, random() AS r_phone,
          random() AS r_digits, random() AS r_dob, random() AS r_street, random() AS r_city, random() AS r_status,
          random() AS r_kyc, random() AS r_risk, random() AS r_upd, random() AS r_del
        FROM generate_series(${sql.lit(from)}::int, ${sql.lit(to)}::int) AS g
      ) draws
    ) people`.execute(db);
}

function kycDocuments(db: Db, perCustomer: number) {
  const types = textArray([
    'passport',
    'national_id',
    'drivers_license',
    'proof_of_address',
    'bank_statement',
    'tax_certificate',
    'business_registration',
  ]);
  // Expiry dates from about a year ago to five years ahead: ~1.4% fall in any 30-day window.
  return sql`
    INSERT INTO kyc_documents (customer_id, document_type, issuing_country, issued_at, expires_at, status,
      rejection_reason, uploaded_at, file_name, mime_type, size_bytes, sha256, storage_key, deleted_at)
    SELECT id, ${pick(types, 'r_type')}, country, expires - 3650, expires,
      CASE WHEN r_status < 0.2 THEN 'pending' WHEN r_status < 0.9 THEN 'verified' ELSE 'rejected' END,
      CASE WHEN r_status >= 0.9 THEN 'Document is not legible' END,
      created_at + interval '1 hour', 'scan.pdf', 'application/pdf', 50000 + floor(r_type * 4000000)::int,
      md5(id::text || n) || md5(n || id::text), 'kyc/' || gen_random_uuid(),
      CASE WHEN r_status > 0.995 THEN now() END
    FROM (
      SELECT c.id, c.country, c.created_at, n, random() AS r_type, random() AS r_status,
        current_date - 400 + floor(random() * 2200)::int AS expires
      FROM customers c, generate_series(1, ${sql.lit(Math.ceil(perCustomer))}) AS n
      WHERE c.kyc_status <> 'not_started' AND random() < ${sql.lit(perCustomer / Math.ceil(perCustomer))}
    ) docs`.execute(db);
}

export interface SeedResult {
  customers: number;
  kycDocuments: number;
  rebuiltIndexes: string[];
  loadSeconds: number;
  indexSeconds: number;
  vacuumSeconds: number;
}

/** Loads the data, rebuilds indexes, then VACUUM ANALYZE (the state autovacuum would reach). */
export async function seed(db: Db, kind: 'postgres' | 'pglite', opts: SeedOptions): Promise<SeedResult> {
  const log = opts.onProgress ?? (() => {});
  await sql`SELECT setseed(0.4242)`.execute(db);
  if (kind === 'postgres') {
    await sql`SET maintenance_work_mem = '256MB'`.execute(db);
    await sql`SET synchronous_commit = off`.execute(db);
  }
  const t0 = performance.now();
  let tLoaded = t0;
  const rebuilt = await withoutSecondaryIndexes(db, ['customers', 'kyc_documents'], async () => {
    for (let from = 1; from <= opts.customers; from += opts.batchSize) {
      const to = Math.min(opts.customers, from + opts.batchSize - 1);
      await customerBatch(db, from, to, opts.customers);
      log(`customers ${to.toLocaleString('en')} / ${opts.customers.toLocaleString('en')}`);
    }
    if (opts.kycPerCustomer > 0) {
      await kycDocuments(db, opts.kycPerCustomer);
      log('kyc documents inserted');
    }
    tLoaded = performance.now();
    log('rebuilding indexes');
  });
  const tIndexed = performance.now();
  log('vacuum analyze');
  await sql`VACUUM ANALYZE customers`.execute(db);
  await sql`VACUUM ANALYZE kyc_documents`.execute(db);
  // The search word tables (kept by a trigger while loading): visibility map for index-only pages.
  await sql`VACUUM ANALYZE customer_search_words`.execute(db);
  await sql`VACUUM ANALYZE customer_search_vocab`.execute(db);
  const tDone = performance.now();
  const counts = await sql<{ c: number; d: number }>`
    SELECT (SELECT count(*) FROM customers)::int AS c, (SELECT count(*) FROM kyc_documents)::int AS d`.execute(db);
  return {
    customers: counts.rows[0]?.c ?? 0,
    kycDocuments: counts.rows[0]?.d ?? 0,
    rebuiltIndexes: rebuilt,
    loadSeconds: (tLoaded - t0) / 1000,
    indexSeconds: (tIndexed - tLoaded) / 1000,
    vacuumSeconds: (tDone - tIndexed) / 1000,
  };
}

/** Notes for every tenth customer (5 each), so notes.list reads a real page. */
export async function seedNotes(db: Db, customers: number) {
  await sql`
    INSERT INTO customer_notes (customer_id, note_type, title, content, created_at, updated_at)
    SELECT c.id, 'call', 'Call ' || g, 'Discussed the account, follow-up number ' || g || '.',
           now() - g * interval '1 day', now() - g * interval '1 day'
    FROM (SELECT id FROM customers ORDER BY id LIMIT ${Math.ceil(customers / 10)}) c
    CROSS JOIN generate_series(1, 5) g`.execute(db);
}
