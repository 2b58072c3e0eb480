export * from './dates';
export * from './email';
export * from './lifecycle';
export * from './phone';
export * from './schemas';
export * from './import';
