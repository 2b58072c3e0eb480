export * from './business-time';
export * from './compliance';
export * from './enums';
export * from './lifecycle';
export * from './report';
export * from './schemas';
export * from './sla';
export * from './sla-state';
