export * from './plan';
export * from './retention';
export * from './schemas';
