import type { RangedFile } from './ranged-file';

/**
 * The entry names of an OLE compound file (MS-CFB: .doc, .xls), read from the header, the FAT
 * sectors the directory chain needs and the directory itself — never the whole file. Null when the
 * structure is not a valid compound file.
 */
const MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const MAX_REGULAR_SECTOR = 0xfffffffa;
/** Far beyond any real document's directory, small enough to bound the work and memory. */
const MAX_DIRECTORY_SECTORS = 4096;

export async function oleEntryNames(file: RangedFile): Promise<string[] | null> {
  if (file.size < 512) return null;
  const header = await file.read(0, 512);
  if (!header.subarray(0, 8).equals(MAGIC)) return null;
  const major = header.readUInt16LE(0x1a);
  const shift = header.readUInt16LE(0x1e);
  if (!((major === 3 && shift === 9) || (major === 4 && shift === 12))) return null;
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4;
  const fatSectors = header.readUInt32LE(0x2c);
  const firstDirectory = header.readUInt32LE(0x30);
  const firstDifat = header.readUInt32LE(0x44);
  const difatSectors = header.readUInt32LE(0x48);
  const sectorCount = Math.ceil(file.size / sectorSize) - 1;
  if (fatSectors > Math.ceil(sectorCount / perSector) + 1) return null;

  const sectorOffset = (n: number) => (n + 1) * sectorSize;
  const validSector = (n: number) => n <= MAX_REGULAR_SECTOR && sectorOffset(n) + sectorSize <= file.size;

  // Where each FAT sector lives: 109 in the header, the rest in the DIFAT chain (read only if needed).
  const fatLocations: number[] = [];
  for (let i = 0; i < 109 && fatLocations.length < fatSectors; i++)
    fatLocations.push(header.readUInt32LE(0x4c + i * 4));
  let difat = firstDifat;
  for (let i = 0; i < difatSectors && fatLocations.length < fatSectors; i++) {
    if (!validSector(difat)) return null;
    const sector = await file.read(sectorOffset(difat), sectorSize);
    for (let j = 0; j < perSector - 1 && fatLocations.length < fatSectors; j++)
      fatLocations.push(sector.readUInt32LE(j * 4));
    difat = sector.readUInt32LE(sectorSize - 4);
  }
  if (fatLocations.length < fatSectors) return null;

  const nextSector = async (n: number): Promise<number | null> => {
    const location = fatLocations[Math.floor(n / perSector)];
    if (location === undefined || !validSector(location)) return null;
    const entry = await file.read(sectorOffset(location) + (n % perSector) * 4, 4);
    return entry.readUInt32LE(0);
  };

  const names: string[] = [];
  const seen = new Set<number>();
  let sector = firstDirectory;
  while (sector !== END_OF_CHAIN) {
    if (!validSector(sector) || seen.has(sector) || seen.size >= MAX_DIRECTORY_SECTORS) return null;
    seen.add(sector);
    const bytes = await file.read(sectorOffset(sector), sectorSize);
    for (let at = 0; at + 128 <= bytes.length; at += 128) {
      const type = bytes[at + 0x42];
      if (type === 0) continue;
      if (type !== 1 && type !== 2 && type !== 5) return null;
      // The first entry is the root storage, and only it.
      if ((names.length === 0) !== (type === 5)) return null;
      const nameBytes = bytes.readUInt16LE(at + 0x40);
      if (nameBytes < 2 || nameBytes > 64 || nameBytes % 2) return null;
      names.push(bytes.toString('utf16le', at, at + nameBytes - 2));
    }
    const next = await nextSector(sector);
    if (next === null) return null;
    sector = next;
  }
  return names.length > 0 ? names : null;
}
