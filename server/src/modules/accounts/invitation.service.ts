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
import type { InvitationRow } from './accounts.tables.js';
import { INVITATION_LIFETIME_MS, MAX_INVITES_PER_BATCH } from './accounts.types.js';
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

export async function invite(
  x: Executor,
  deps: { identity: IdentityService; publicUrl: string },
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
    sent.push({ ...invitationView(row, now), acceptUrl: acceptUrl(deps.publicUrl, token) });
  }
  return ok(sent);
}

export async function listInvitations(x: Executor, now: Date, accountId: string): Promise<InvitationView[]> {
  return (await invitationsOf(x, accountId)).map((r) => invitationView(r, now));
}

/** "Resend invitation": a new link and a new expiry; the old link stops working. */
export async function resendInvitation(x: Executor, publicUrl: string, now: Date, accountId: string, invitationId: string): Promise<Result<SentInvitation>> {
  const row = isGuid(invitationId) ? await findInvitation(x, accountId, invitationId) : undefined;
  if (!row) return fail('NotFound', 'No such invitation.');
  if (row.state !== 'pending') return fail('Conflict', `The invitation is ${row.state}.`);
  const token = newSecretToken(32);
  const patch = { token_hash: hashToken(token), expires_at: new Date(now.getTime() + INVITATION_LIFETIME_MS) };
  await updateInvitation(x, invitationId, patch);
  return ok({ ...invitationView({ ...row, ...patch }, now), acceptUrl: acceptUrl(publicUrl, token) });
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
