export { openChanges, sealChanges } from './changes';
export {
  DataKeyError,
  type Envelope,
  generateMasterKey,
  isEnvelope,
  keyringOf,
  type MasterKey,
  type MasterKeyring,
  masterKeyId,
  newDataKey,
  openValue,
  parseMasterKey,
  sealValue,
  unwrapDataKey,
  wrapDataKey,
} from './crypto';
export { masterKeysOf, withMasterKeys } from './keyring';
