export * from './audit';
export * from './common';
export * from './countries';
export * from './customers';
export * from './errors';
export * from './kyc';
export * from './rbac';
export * from './users';
