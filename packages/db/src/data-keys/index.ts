export {
  DataKeyError,
  generateMasterKey,
  isEnvelope,
  keyringOf,
  type MasterKey,
  type MasterKeyring,
  masterKeyId,
  openValue,
  parseMasterKey,
  sealValue,
} from './crypto';
export { masterKeysOf, withMasterKeys } from './keyring';
