import { useState } from 'react';
import {
  Badge,
  EmptyState,
  ErrorMessage,
  Link,
  Loading,
  PageHeader,
  RoleBadges,
  api,
  formatDate,
  path,
  useApi,
  useSession,
  useTitle,
  type Members,
  type MyAccount,
} from '../ui/index.js';
import { InvitationsTab } from './InvitationsTab.js';
import { ConfirmButton, MemberRolesEditor, type PrincipalType } from './MemberRoles.js';

type Tab = 'users' | 'groups' | 'apps' | 'invitations';

export function UsersPage({ account, canManage }: { account: MyAccount; canManage: boolean }) {
  useTitle(`${account.displayName} · Users`);
  const { user: me } = useSession();
  const members = useApi<Members>(path`/api/accounts/${account.accountId}/members`);
  const [tab, setTab] = useState<Tab>('users');
  const [editing, setEditing] = useState<string | undefined>(undefined);

  const remove = (type: PrincipalType, id: string) => async () => {
    await api.delete(path`/api/accounts/${account.accountId}/members/${type}/${id}`);
    members.reload();
  };
  const edited = () => {
    setEditing(undefined);
    members.reload();
  };
  const editor = (type: PrincipalType, id: string, roles: string[]) =>
    editing === `${type}/${id}` ? (
      <tr className="editor-row">
        <td colSpan={6}>
          <MemberRolesEditor accountId={account.accountId} type={type} principalId={id} roles={roles} onDone={edited} onCancel={() => setEditing(undefined)} />
        </td>
      </tr>
    ) : null;
  const actions = (type: PrincipalType, id: string, name: string) =>
    canManage ? (
      <td className="row-actions">
        <button type="button" className="btn btn-link" onClick={() => setEditing(`${type}/${id}`)}>
          Edit roles
        </button>
        <ConfirmButton label="Remove" confirmLabel={`Remove ${name}`} onConfirm={remove(type, id)} />
      </td>
    ) : null;

  const data = members.data;
  const counts = { users: data?.users.length ?? 0, groups: data?.groups.length ?? 0, apps: data?.apps.length ?? 0 };

  return (
    <>
      <PageHeader
        title="Users"
        subtitle="People, groups and Azure AD applications with access to this publisher account."
        actions={
          canManage ? (
            <>
              <Link className="btn btn-primary" to="/partner/users/invite">
                Invite users
              </Link>
              <Link className="btn btn-secondary" to="/partner/users/apps/new">
                New Azure AD application
              </Link>
            </>
          ) : undefined
        }
      />
      {!canManage && <p className="muted">Your roles let you see the members of this account. Owners and Managers add and change them.</p>}
      <div className="tabs" role="tablist" aria-label="Member kinds">
        {(['users', 'groups', 'apps'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
            {t === 'users' ? 'Users' : t === 'groups' ? 'Groups' : 'Azure AD applications'} <span className="count">{counts[t]}</span>
          </button>
        ))}
        {canManage && (
          <button type="button" role="tab" aria-selected={tab === 'invitations'} className={tab === 'invitations' ? 'tab active' : 'tab'} onClick={() => setTab('invitations')}>
            Invitations
          </button>
        )}
      </div>
      {tab === 'invitations' ? (
        <div className="card table-card" role="tabpanel">
          <InvitationsTab accountId={account.accountId} />
        </div>
      ) : members.error ? (
        <ErrorMessage title="The members could not be loaded" error={members.error} onRetry={members.reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <div className="card table-card" role="tabpanel">
          {tab === 'users' &&
            (data.users.length === 0 ? (
              <EmptyState>No users.</EmptyState>
            ) : (
              <table className="table" data-testid="users-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Email</th>
                    <th>Type</th>
                    <th>State</th>
                    <th>Roles</th>
                    {canManage && <th aria-label="Actions" />}
                  </tr>
                </thead>
                <tbody>
                  {data.users.flatMap((u) => [
                    <tr key={u.objectId}>
                      <td>
                        {u.displayName}
                        {u.objectId === me?.objectId && <span className="muted"> (you)</span>}
                      </td>
                      <td>{u.email}</td>
                      <td>{u.userType === 'guest' ? 'Guest' : 'Member'}</td>
                      <td>
                        {u.state === 'active' ? (
                          <Badge tone="good">Active</Badge>
                        ) : u.state === 'invitation_pending' ? (
                          <Badge tone="warn">Invitation pending</Badge>
                        ) : (
                          <Badge tone="bad">Disabled</Badge>
                        )}
                      </td>
                      <td>
                        <RoleBadges roles={u.roles} />
                      </td>
                      {actions('users', u.objectId, u.displayName)}
                    </tr>,
                    editor('users', u.objectId, u.roles),
                  ])}
                </tbody>
              </table>
            ))}
          {tab === 'groups' &&
            (data.groups.length === 0 ? (
              <EmptyState>No groups. A group gives its roles to all its members.</EmptyState>
            ) : (
              <table className="table" data-testid="groups-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Members</th>
                    <th>Roles</th>
                    {canManage && <th aria-label="Actions" />}
                  </tr>
                </thead>
                <tbody>
                  {data.groups.flatMap((g) => [
                    <tr key={g.objectId}>
                      <td>{g.displayName}</td>
                      <td>{g.memberIds.length}</td>
                      <td>
                        <RoleBadges roles={g.roles} />
                      </td>
                      {actions('groups', g.objectId, g.displayName)}
                    </tr>,
                    editor('groups', g.objectId, g.roles),
                  ])}
                </tbody>
              </table>
            ))}
          {tab === 'apps' &&
            (data.apps.length === 0 ? (
              <EmptyState>No applications. Register one to call the SaaS fulfillment and metering APIs.</EmptyState>
            ) : (
              <table className="table" data-testid="apps-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Client (application) ID</th>
                    <th>Roles</th>
                    <th>Added</th>
                    {canManage && <th aria-label="Actions" />}
                  </tr>
                </thead>
                <tbody>
                  {data.apps.flatMap((a) => [
                    <tr key={a.appId}>
                      <td>{canManage ? <Link to={path`/partner/users/apps/${a.appId}`}>{a.displayName}</Link> : a.displayName}</td>
                      <td>
                        <code>{a.appId}</code>
                      </td>
                      <td>
                        <RoleBadges roles={a.roles} />
                      </td>
                      <td>{formatDate(a.createdAt)}</td>
                      {actions('apps', a.appId, a.displayName)}
                    </tr>,
                    editor('apps', a.appId, a.roles),
                  ])}
                </tbody>
              </table>
            ))}
        </div>
      )}
    </>
  );
}
