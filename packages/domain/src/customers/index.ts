export * from './dates';
export * from './email';
export * from './enums';
export * from './import';
export * from './lifecycle';
export * from './phone';
export * from './schemas';
