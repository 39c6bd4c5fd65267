export { EarningsPage } from './EarningsPage.js';
export { TransactionsPage } from './TransactionsPage.js';
export { PayoutsPage, PayoutStatementPage } from './PayoutsPage.js';
