export {
  probeImage,
  probeMedia,
  probePdf,
  isPdf,
  PDF_SCAN_WINDOW,
  type ImageFormat,
  type ImageProbe,
  type MediaFormatProbe,
} from './probe.js';
export {
  checkMedia,
  describeRule,
  formatBytes,
  MEDIA_RULES,
  MEDIA_CONTENT_TYPES,
  MEDIA_CHECK_STATUS,
  MAX_IMAGE_BYTES,
  MAX_DOCUMENT_BYTES,
  MiB,
  type MediaKind,
  type MediaFormat,
  type MediaRule,
  type MediaCheckResult,
  type MediaCheckFailureCode,
} from './media-rules.js';
export { decodePng, encodePng, resizePng, resizeRgba, PngError, MAX_PNG_DIMENSION, type RgbaImage } from './png-resize.js';
