-- Billing: the customer's market on each invoice line (the payout run's withholding applies to sales into the US), so
-- that payouts no longer read the subscriptions for it.
alter table billing_invoice_line add column market text;
update billing_invoice_line l set market = s.market from commerce_subscription s where s.subscription_id = l.subscription_id;
alter table billing_invoice_line alter column market set not null;
