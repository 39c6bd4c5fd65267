import { useState } from 'react';
import { Badge, CopyButton, EmptyState, ErrorMessage, Loading, RoleBadges, api, formatDateTime, path, useApi, type SentInvitation } from '../ui/index.js';
import { ConfirmButton } from './MemberRoles.js';

type Invitation = Omit<SentInvitation, 'acceptUrl'> & { acceptedAt: string | null };

const STATE_TONE: Record<string, 'good' | 'warn' | 'bad' | 'neutral'> = { pending: 'warn', accepted: 'good', expired: 'bad', revoked: 'neutral' };

/** The account's invitations: pending ones can be sent again (a new link) or revoked. */
export function InvitationsTab({ accountId }: { accountId: string }) {
  const list = useApi<{ invitations: Invitation[] }>(path`/api/accounts/${accountId}/invitations`);
  const [links, setLinks] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(undefined);

  const resend = async (invitationId: string) => {
    setError(undefined);
    try {
      const sent = await api.post<SentInvitation>(path`/api/accounts/${accountId}/invitations/${invitationId}/resend`);
      setLinks((l) => ({ ...l, [invitationId]: sent.acceptUrl }));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  if (list.error) return <ErrorMessage title="The invitations could not be loaded" error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.invitations.length === 0) return <EmptyState>No invitations yet.</EmptyState>;
  return (
    <>
      <ErrorMessage error={error} />
      <table className="table" data-testid="invitations-table">
        <thead>
          <tr>
            <th>Email</th>
            <th>Roles</th>
            <th>State</th>
            <th>Sent</th>
            <th>Expires</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {list.data.invitations.map((inv) => (
            <tr key={inv.invitationId}>
              <td>
                {inv.email}
                {links[inv.invitationId] && (
                  <div className="copy-field">
                    <code className="accept-link" data-testid="accept-link">
                      {links[inv.invitationId]}
                    </code>
                    <CopyButton value={links[inv.invitationId]!} label="Copy link" />
                  </div>
                )}
              </td>
              <td>
                <RoleBadges roles={inv.roles} />
              </td>
              <td>
                <Badge tone={STATE_TONE[inv.state] ?? 'neutral'}>{inv.state}</Badge>
              </td>
              <td>{formatDateTime(inv.createdAt)}</td>
              <td>{inv.state === 'accepted' ? <span className="muted">accepted {formatDateTime(inv.acceptedAt)}</span> : formatDateTime(inv.expiresAt)}</td>
              <td className="row-actions">
                {(inv.state === 'pending' || inv.state === 'expired') && (
                  <>
                    <button type="button" className="btn btn-link" onClick={() => void resend(inv.invitationId)}>
                      Resend
                    </button>
                    <ConfirmButton
                      label="Revoke"
                      confirmLabel={`Revoke ${inv.email}`}
                      onConfirm={async () => {
                        await api.delete(path`/api/accounts/${accountId}/invitations/${inv.invitationId}`);
                        list.reload();
                      }}
                    />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
