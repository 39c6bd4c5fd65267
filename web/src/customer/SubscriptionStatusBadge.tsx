import { Badge } from '../ui/index.js';
import { statusInfo } from './subscriptionStatus.js';

export function SubscriptionStatusBadge({ status }: { status: string }) {
  const info = statusInfo(status);
  return (
    <span title={info.help} data-testid="subscription-status" data-status={status}>
      <Badge tone={info.tone}>{info.label}</Badge>
    </span>
  );
}
