export { PayoutPage } from './PayoutPage.js';
