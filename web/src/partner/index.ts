export { PartnerPortal } from './PartnerPortal.js';
