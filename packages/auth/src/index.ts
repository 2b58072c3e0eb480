export * from './passwords';
export * from './rate-limit';
export * from './sessions';
export * from './throttle';
export * from './tokens';
