import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid, newGuid, newSecretToken } from '../../platform/ids.js';
import type { UserPrincipal } from '../../platform/http/index.js';
import { emailProblem, normalizeEmail, passwordProblem, type IdentityService } from '../identity/index.js';
import {
  findAccount,
  findInvitation,
  findInvitationByToken,
  findMember,
  insertInvitation,
  invitationsOf,
  openInvitationFor,
  updateInvitation,
  upsertMember,
} from './accounts.store.js';
import type { AccountRow, InvitationRow } from './accounts.tables.js';
import { INVITATION_LIFETIME_MS, MAX_INVITES_PER_BATCH, type AccountsDeps, type InvitationMail } from './accounts.types.js';
import { rolesProblem } from './member.service.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface InvitationView {
  invitationId: string;
  email: string;
  roles: string[];
  state: 'pending' | 'accepted' | 'revoked' | 'expired';
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export interface SentInvitation extends InvitationView {
  /** The link to send to the person; shown once (a resend makes a new one). */
  acceptUrl: string;
}

export const invitationView = (r: InvitationRow, now: Date): InvitationView => ({
  invitationId: r.invitation_id,
  email: r.email,
  roles: r.roles,
  state: r.state === 'pending' && r.expires_at.getTime() <= now.getTime() ? 'expired' : r.state,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  acceptedAt: r.accepted_at?.toISOString() ?? null,
});

/** Splits "a@x.com; b@y.com, c@z.com" (the portal's box) or takes a list; lower-cased and without repeats. */
export function parseEmails(input: string | string[]): string[] {
  const parts = (Array.isArray(input) ? input : [input]).flatMap((s) => s.split(/[,;]/));
  return [...new Set(parts.map(normalizeEmail).filter(Boolean))];
}

function acceptUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/invitations/${encodeURIComponent(token)}`;
}

export type InvitationDeps = Pick<AccountsDeps, 'identity' | 'publicUrl' | 'invitationMailer'>;

/** A name or title on one line, at most `max` characters. */
const oneLine = (s: string, max: number): string => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
};

const roleName = (role: string): string => role.replace(/(?<=[a-z])[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
const listed = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const utc = (d: Date): string => `${d.toISOString().slice(0, 10)} at ${d.toISOString().slice(11, 16)} UTC`;

/**
 * The invitation email: who invited the person to which publisher account, with which roles, the link and when it
 * expires. `needsPassword`: the person has no Agora sign-in yet and chooses one on accepting.
 */
export function invitationMail(
  inv: Pick<InvitationRow, 'account_id' | 'email' | 'roles' | 'user_id' | 'expires_at'>,
  account: Pick<AccountRow, 'display_name' | 'publisher_id'>,
  inviter: { displayName: string; email: string } | undefined,
  link: string,
  opts: { needsPassword: boolean; resent: boolean },
): InvitationMail {
  const accountName = oneLine(account.display_name, 120);
  const who = inviter ? `${oneLine(inviter.displayName, 100)} (${inviter.email})` : 'A user of the account';
  const roles = inv.roles.map(roleName);
  const lines = [
    'Hello,',
    '',
    `${who} invited you to the publisher account ${accountName} (publisher ID ${account.publisher_id}) on Agora, with the role${roles.length === 1 ? '' : 's'} ${listed(roles)}.`,
    '',
    `Accept the invitation: ${link}`,
    '',
    opts.needsPassword
      ? `Opening the link, you choose your name and a password; you then sign in to Agora as ${inv.email}.`
      : `You already have an Agora sign-in: open the link signed in as ${inv.email} to accept.`,
    `The link expires on ${utc(inv.expires_at)}.${opts.resent ? ' It replaces the link of any earlier email about this invitation, which no longer works.' : ''}`,
    '',
    '-- ',
    `You receive this email because an Owner or Manager of ${accountName} invited ${inv.email}. If you did not expect it, ignore it: nothing happens unless you accept.`,
  ];
  return {
    to: inv.email,
    subject: oneLine(`${inviter ? oneLine(inviter.displayName, 60) : 'Someone'} invited you to the publisher account ${accountName} on Agora`, 200),
    text: `${lines.join('\n')}\n`,
    accountId: inv.account_id,
    recipientUserId: inv.user_id,
  };
}

/**
 * Invites up to 10 addresses with the same roles. Each invitee gets an email with the link (through the
 * notifications module's log and outbox, in this transaction `x`); the response also carries each link.
 */
export async function invite(
  x: Executor,
  deps: InvitationDeps,
  now: Date,
  accountId: string,
  actor: UserPrincipal,
  input: { emails: string | string[]; roles: string[] },
): Promise<Result<SentInvitation[]>> {
  const problem = rolesProblem(input.roles);
  if (problem) return fail('ValidationFailed', problem, { target: 'roles' });
  const emails = parseEmails(input.emails);
  if (emails.length === 0) return fail('ValidationFailed', 'Give at least one email address.', { target: 'emails' });
  if (emails.length > MAX_INVITES_PER_BATCH)
    return fail('ValidationFailed', `Invite at most ${MAX_INVITES_PER_BATCH} email addresses at a time (got ${emails.length}).`, { target: 'emails' });
  const bad = emails.map(emailProblem).filter((p): p is string => !!p);
  if (bad.length) return fail('ValidationFailed', bad.join(' '), { target: 'emails' });
  const account = await findAccount(x, accountId);
  if (!account) return fail('NotFound', 'No such account.');

  const sent: SentInvitation[] = [];
  for (const email of emails) {
    let user = await deps.identity.findUserByEmail(x, email);
    if (user && (await findMember(x, accountId, 'user', user.objectId)))
      return fail('Conflict', `${email} is already a user of this account.`, { target: 'emails' });
    if (!user) {
      // Invited people become guest users of the account's directory, pending until they accept (L1630).
      const created = await deps.identity.createUser(x, { tenantId: account.tenant_id, email, displayName: email.split('@')[0]!, userType: 'guest' });
      if (!created.ok) return created;
      user = created.value;
    }
    const previous = await openInvitationFor(x, accountId, email);
    if (previous) await updateInvitation(x, previous.invitation_id, { state: 'revoked' });
    const token = newSecretToken(32);
    const row: InvitationRow = {
      invitation_id: newGuid(),
      account_id: accountId,
      email,
      roles: [...new Set(input.roles)],
      token_hash: hashToken(token),
      state: 'pending',
      user_id: user.objectId,
      invited_by: actor.userId,
      created_at: now,
      expires_at: new Date(now.getTime() + INVITATION_LIFETIME_MS),
      accepted_at: null,
    };
    await insertInvitation(x, row);
    const link = acceptUrl(deps.publicUrl, token);
    await deps.invitationMailer?.(x, invitationMail(row, account, actor, link, { needsPassword: user.state === 'invitation_pending', resent: false }));
    sent.push({ ...invitationView(row, now), acceptUrl: link });
  }
  return ok(sent);
}

export async function listInvitations(x: Executor, now: Date, accountId: string): Promise<InvitationView[]> {
  return (await invitationsOf(x, accountId)).map((r) => invitationView(r, now));
}

/**
 * "Resend invitation": a new link and a new expiry; the old link stops working. The invitee is emailed the new link
 * (in the name of the person who invited them first).
 */
export async function resendInvitation(x: Executor, deps: InvitationDeps, now: Date, accountId: string, invitationId: string): Promise<Result<SentInvitation>> {
  const row = isGuid(invitationId) ? await findInvitation(x, accountId, invitationId) : undefined;
  if (!row) return fail('NotFound', 'No such invitation.');
  if (row.state !== 'pending') return fail('Conflict', `The invitation is ${row.state}.`);
  const token = newSecretToken(32);
  const patch = { token_hash: hashToken(token), expires_at: new Date(now.getTime() + INVITATION_LIFETIME_MS) };
  await updateInvitation(x, row.invitation_id, patch);
  const link = acceptUrl(deps.publicUrl, token);
  if (deps.invitationMailer) {
    const account = await findAccount(x, row.account_id);
    const [inviter, user] = [await deps.identity.findUser(x, row.invited_by), await deps.identity.findUser(x, row.user_id)];
    if (!account || !user) return fail('NotFound', 'No such invitation.');
    await deps.invitationMailer(x, invitationMail({ ...row, ...patch }, account, inviter, link, { needsPassword: user.state === 'invitation_pending', resent: true }));
  }
  return ok({ ...invitationView({ ...row, ...patch }, now), acceptUrl: link });
}

export async function revokeInvitation(x: Executor, accountId: string, invitationId: string): Promise<Result<void>> {
  const row = isGuid(invitationId) ? await findInvitation(x, accountId, invitationId) : undefined;
  if (!row) return fail('NotFound', 'No such invitation.');
  if (row.state !== 'pending') return fail('Conflict', `The invitation is ${row.state}.`);
  await updateInvitation(x, invitationId, { state: 'revoked' });
  return ok(undefined);
}

export interface InvitationPreview {
  accountDisplayName: string;
  publisherId: string;
  email: string;
  roles: string[];
  /** True when the person has no password yet and sets one on accepting. */
  needsPassword: boolean;
  expiresAt: string;
}

async function openInvitation(x: Executor, now: Date, token: string): Promise<Result<InvitationRow>> {
  const row = token.length <= 200 ? await findInvitationByToken(x, hashToken(token)) : undefined;
  if (!row || row.state === 'revoked') return fail('NotFound', 'This invitation link is not valid; ask for a new invitation.');
  if (row.state === 'accepted') return fail('Gone', 'This invitation has already been accepted.');
  if (row.expires_at.getTime() <= now.getTime()) return fail('Gone', 'This invitation has expired; ask for a new one.');
  return ok(row);
}

export async function previewInvitation(x: Executor, identity: IdentityService, now: Date, token: string): Promise<Result<InvitationPreview>> {
  const inv = await openInvitation(x, now, token);
  if (!inv.ok) return inv;
  const account = await findAccount(x, inv.value.account_id);
  const user = await identity.findUser(x, inv.value.user_id);
  if (!account || !user) return fail('NotFound', 'This invitation link is not valid.');
  return ok({
    accountDisplayName: account.display_name,
    publisherId: account.publisher_id,
    email: inv.value.email,
    roles: inv.value.roles,
    needsPassword: user.state === 'invitation_pending',
    expiresAt: inv.value.expires_at.toISOString(),
  });
}

/**
 * Accepts an invitation: a new person sets a display name and password; a person who already has an account must be
 * signed in as the invited user. Membership with the invited roles and the acceptance are one transaction.
 */
export async function acceptInvitation(
  x: Executor,
  identity: IdentityService,
  now: Date,
  token: string,
  caller: UserPrincipal | null,
  input: { displayName?: string | undefined; password?: string | undefined },
): Promise<Result<{ accountId: string; userId: string; email: string }>> {
  const inv = await openInvitation(x, now, token);
  if (!inv.ok) return inv;
  const row = inv.value;
  const user = await identity.findUser(x, row.user_id);
  if (!user) return fail('NotFound', 'This invitation link is not valid.');
  if (user.state === 'invitation_pending') {
    if (!input.password) return fail('ValidationFailed', 'Choose a password to accept the invitation.', { target: 'password' });
    const weak = passwordProblem(input.password);
    if (weak) return fail('ValidationFailed', weak, { target: 'password' });
    const displayName = (input.displayName ?? '').trim();
    if (!displayName || displayName.length > 256) return fail('ValidationFailed', 'Give your name (1 to 256 characters).', { target: 'displayName' });
    await identity.activateInvitedUser(x, user.objectId, displayName, input.password);
  } else if (caller?.userId !== user.objectId) {
    return fail('Forbidden', `Sign in as ${user.email} to accept this invitation.`);
  }
  const existing = await findMember(x, row.account_id, 'user', user.objectId);
  await upsertMember(x, {
    account_id: row.account_id,
    principal_type: 'user',
    principal_id: user.objectId,
    tenant_id: user.tenantId,
    roles: [...new Set([...(existing?.roles ?? []), ...row.roles])],
    added_at: existing?.added_at ?? now,
    added_by: row.invited_by,
  });
  await updateInvitation(x, row.invitation_id, { state: 'accepted', accepted_at: now });
  return ok({ accountId: row.account_id, userId: user.objectId, email: user.email });
}
