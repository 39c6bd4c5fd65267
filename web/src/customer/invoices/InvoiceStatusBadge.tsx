import { Badge } from '../../ui/index.js';
import { invoiceStatusInfo } from './invoiceFormat.js';

export function InvoiceStatusBadge({ status }: { status: string }) {
  const info = invoiceStatusInfo(status);
  return (
    <span title={info.help} data-testid="invoice-status" data-status={status}>
      <Badge tone={info.tone}>{info.label}</Badge>
    </span>
  );
}
