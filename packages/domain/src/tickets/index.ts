export * from './business-time';
export * from './enums';
export * from './lifecycle';
export * from './sla';
