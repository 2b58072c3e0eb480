export * from './address';
export * from './dates';
export * from './email';
export * from './import';
export * from './lifecycle';
export * from './phone';
export * from './phone-format';
export * from './schemas';
