export * from './personal';
export * from './schemas';
export * from './vocabulary';
