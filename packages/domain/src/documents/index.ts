export * from './file-types';
export * from './schemas';
