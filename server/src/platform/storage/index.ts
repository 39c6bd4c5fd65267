export {
  LocalFileStorage,
  MemoryFileStorage,
  InvalidStorageKeyError,
  StoredFileCorruptError,
  DEFAULT_CONTENT_TYPE,
  isStorageKey,
  storageKeyFor,
  storageKeyForHash,
  sha256Hex,
  type FileStorage,
  type StoredFile,
} from './file-storage.js';
