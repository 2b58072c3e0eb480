export * from './passwords';
export * from './sessions';
export * from './throttle';
export * from './tokens';
