-- Billing: each run sums what earlier invoices billed per key for the subscriptions it bills (ADR 0017).
create index billing_invoice_line_subscription on billing_invoice_line (subscription_id);
