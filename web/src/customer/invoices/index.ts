export { InvoicesPage } from './InvoicesPage.js';
export { InvoicePage } from './InvoicePage.js';
export { InvoiceView } from './InvoiceView.js';
export { InvoiceStatusBadge } from './InvoiceStatusBadge.js';
export * from './invoiceFormat.js';
export * from './types.js';
