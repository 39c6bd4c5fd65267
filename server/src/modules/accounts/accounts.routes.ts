import { transact } from '../../platform/transaction.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, unwrap } from '../../platform/errors.js';
import { agoraErrorHandler, type UserPrincipal } from '../../platform/http/index.js';
import { createAccount, getAccount, myAccounts, renameAccount } from './account.service.js';
import {
  AcceptInvitationBody,
  AcceptedInvitation,
  AccountParams,
  AccountSchema,
  AddSecretBody,
  AddUsersBody,
  AppDetail,
  AppParams,
  AppSchema,
  CreateAccountBody,
  CreateGroupBody,
  GroupMembersBody,
  InvitationParams,
  InvitationPreviewSchema,
  InvitationSchema,
  InviteBody,
  LinkAppBody,
  MemberParams,
  MembersResponse,
  MyAccountSchema,
  NewSecretSchema,
  RegisterAppBody,
  RegisteredApp,
  SecretParams,
  SecretSchema,
  SentInvitationSchema,
  SetRolesBody,
  TokenParams,
  UpdateAccountBody,
} from './accounts.schemas.js';
import type { AccountsDeps } from './accounts.types.js';
import { acceptInvitation, invite, listInvitations, previewInvitation, resendInvitation, revokeInvitation } from './invitation.service.js';
import { accountApp, addGroupMembers, addUsers, createAccountGroup, linkApp, listMembers, registerApp, removeMember, setRoles, type PrincipalType } from './member.service.js';
import { findMember } from './accounts.store.js';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
const account = (action: string) => ({ permission: { account: true as const, action } });
const NoContent = { type: 'null' } as const;

function user(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (p?.kind !== 'user') throw new AppError(403, 'Forbidden', 'This action is for signed-in people, not applications.');
  return p;
}

const TYPE_OF: Record<string, PrincipalType> = { users: 'user', groups: 'group', apps: 'app' };

export async function accountsRoutes(app: FastifyInstance, deps: AccountsDeps): Promise<void> {
  app.addSchema(AccountSchema);
  app.addSchema(AppSchema);
  app.addSchema(SecretSchema);
  app.addSchema(InvitationSchema);
  app.setErrorHandler(agoraErrorHandler);
  const { db, identity } = deps;

  app.post('/api/accounts', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'createAccount', tags: ['accounts'], summary: 'Open a publisher account; the caller becomes its Owner', body: CreateAccountBody, response: { 201: { $ref: 'Account#' }, ...errors } },
    handler: async (request, reply) => {
      const body = request.body as { publisherId: string; displayName: string };
      const created = await transact(db, (trx) => createAccount(trx, deps.clock.now(), user(request), body));
      return reply.status(201).send(unwrap(created, { WorkAccountRequired: 403 }));
    },
  });

  app.get('/api/me/accounts', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'listMyAccounts', tags: ['accounts'], summary: 'The publisher accounts the caller belongs to, with roles and what they allow', response: { 200: Type.Object({ accounts: Type.Array(MyAccountSchema) }), ...errors } },
    handler: async (request) => ({ accounts: await myAccounts(db, identity, request.principal!) }),
  });

  app.get('/api/accounts/:accountId', {
    config: account('account.read'),
    schema: { operationId: 'getAccount', tags: ['accounts'], params: AccountParams, response: { 200: { $ref: 'Account#' }, ...errors } },
    handler: async (request) => unwrap(await getAccount(db, (request.params as { accountId: string }).accountId)),
  });

  app.patch('/api/accounts/:accountId', {
    config: account('account.manage'),
    schema: { operationId: 'updateAccount', tags: ['accounts'], summary: 'Change the publisher display name', params: AccountParams, body: UpdateAccountBody, response: { 200: { $ref: 'Account#' }, ...errors } },
    handler: async (request) => {
      const { accountId } = request.params as { accountId: string };
      return unwrap(await transact(db, (trx) => renameAccount(trx, accountId, (request.body as { displayName: string }).displayName)));
    },
  });

  app.get('/api/accounts/:accountId/members', {
    config: account('account.read'),
    schema: { operationId: 'listMembers', tags: ['accounts'], summary: 'Users, groups and applications of the account with their roles', params: AccountParams, response: { 200: MembersResponse, ...errors } },
    handler: async (request) => listMembers(db, identity, (request.params as { accountId: string }).accountId),
  });

  app.post('/api/accounts/:accountId/users', {
    config: account('users.manage'),
    schema: { operationId: 'addUsers', tags: ['accounts'], summary: "Add existing users of the account's directory, all with the same roles", params: AccountParams, body: AddUsersBody, response: { 204: NoContent, ...errors } },
    handler: async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      unwrap(await transact(db, (trx) => addUsers(trx, identity, deps.clock.now(), accountId, user(request).userId, request.body as { userIds: string[]; roles: string[] })));
      return reply.status(204).send();
    },
  });

  app.put('/api/accounts/:accountId/members/:principalType/:principalId/roles', {
    config: account('users.manage'),
    schema: { operationId: 'setMemberRoles', tags: ['accounts'], summary: 'Replace the roles of a user, group or application', params: MemberParams, body: SetRolesBody, response: { 204: NoContent, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as { accountId: string; principalType: string; principalId: string };
      unwrap(await transact(db, (trx) => setRoles(trx, p.accountId, TYPE_OF[p.principalType]!, p.principalId, (request.body as { roles: string[] }).roles)));
      return reply.status(204).send();
    },
  });

  app.delete('/api/accounts/:accountId/members/:principalType/:principalId', {
    config: account('users.manage'),
    schema: { operationId: 'removeMember', tags: ['accounts'], summary: 'Remove a user, group or application from the account', params: MemberParams, response: { 204: NoContent, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as { accountId: string; principalType: string; principalId: string };
      unwrap(await transact(db, (trx) => removeMember(trx, p.accountId, TYPE_OF[p.principalType]!, p.principalId)));
      return reply.status(204).send();
    },
  });

  app.post('/api/accounts/:accountId/groups', {
    config: account('users.manage'),
    schema: { operationId: 'createGroup', tags: ['accounts'], summary: "Create a group in the account's directory; its members get its roles", params: AccountParams, body: CreateGroupBody, response: { 201: Type.Object({ objectId: Type.String(), tenantId: Type.String(), displayName: Type.String() }), ...errors } },
    handler: async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      const body = request.body as { displayName: string; memberIds: string[]; roles: string[] };
      return reply.status(201).send(unwrap(await transact(db, (trx) => createAccountGroup(trx, identity, deps.clock.now(), accountId, user(request).userId, body))));
    },
  });

  app.post('/api/accounts/:accountId/groups/:groupId/members', {
    config: account('users.manage'),
    schema: { operationId: 'addGroupMembers', tags: ['accounts'], params: Type.Object({ accountId: Type.String(), groupId: Type.String() }), body: GroupMembersBody, response: { 204: NoContent, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as { accountId: string; groupId: string };
      unwrap(await transact(db, (trx) => addGroupMembers(trx, identity, p.accountId, p.groupId, (request.body as { userIds: string[] }).userIds)));
      return reply.status(204).send();
    },
  });

  app.post('/api/accounts/:accountId/invitations', {
    config: account('users.manage'),
    schema: { operationId: 'inviteUsers', tags: ['accounts'], summary: 'Invite up to 10 people by email, all with the same roles', params: AccountParams, body: InviteBody, response: { 201: Type.Object({ invitations: Type.Array(SentInvitationSchema) }), ...errors } },
    handler: async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      const body = request.body as { emails: string | string[]; roles: string[] };
      const sent = unwrap(await transact(db, (trx) => invite(trx, deps, deps.securityClock.now(), accountId, user(request), body)));
      return reply.status(201).send({ invitations: sent });
    },
  });

  app.get('/api/accounts/:accountId/invitations', {
    config: account('users.manage'),
    schema: { operationId: 'listInvitations', tags: ['accounts'], params: AccountParams, response: { 200: Type.Object({ invitations: Type.Array(Type.Ref('Invitation')) }), ...errors } },
    handler: async (request) => ({ invitations: await listInvitations(db, deps.securityClock.now(), (request.params as { accountId: string }).accountId) }),
  });

  app.post('/api/accounts/:accountId/invitations/:invitationId/resend', {
    config: account('users.manage'),
    schema: { operationId: 'resendInvitation', tags: ['accounts'], summary: 'A new link and expiry; the old link stops working', params: InvitationParams, response: { 200: SentInvitationSchema, ...errors } },
    handler: async (request) => {
      const p = request.params as { accountId: string; invitationId: string };
      return unwrap(await transact(db, (trx) => resendInvitation(trx, deps, deps.securityClock.now(), p.accountId, p.invitationId)));
    },
  });

  app.delete('/api/accounts/:accountId/invitations/:invitationId', {
    config: account('users.manage'),
    schema: { operationId: 'revokeInvitation', tags: ['accounts'], params: InvitationParams, response: { 204: NoContent, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as { accountId: string; invitationId: string };
      unwrap(await transact(db, (trx) => revokeInvitation(trx, p.accountId, p.invitationId)));
      return reply.status(204).send();
    },
  });

  app.get('/api/invitations/:token', {
    config: { permission: 'public' },
    schema: { operationId: 'previewInvitation', tags: ['accounts'], summary: 'What an invitation link is for', params: TokenParams, response: { 200: InvitationPreviewSchema, 404: { $ref: 'Error#' }, 410: { $ref: 'Error#' } } },
    handler: async (request) => unwrap(await previewInvitation(db, identity, deps.securityClock.now(), (request.params as { token: string }).token)),
  });

  app.post('/api/invitations/:token/accept', {
    config: { permission: 'public' },
    preValidation: async (request) => {
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) throw new AppError(415, 'UnsupportedMediaType', 'Send the request body as application/json.');
    },
    schema: { operationId: 'acceptInvitation', tags: ['accounts'], summary: 'Accept: new people set their name and password; others accept signed in', params: TokenParams, body: AcceptInvitationBody, response: { 200: AcceptedInvitation, ...errors, 410: { $ref: 'Error#' } } },
    handler: async (request) => {
      const caller = request.principal?.kind === 'user' ? request.principal : null;
      if (caller && request.headers['x-csrf-token'] !== caller.csrfToken) throw new AppError(403, 'CsrfTokenInvalid', 'The x-csrf-token header is missing or does not match this session.');
      const { token } = request.params as { token: string };
      const body = request.body as { displayName?: string; password?: string };
      return unwrap(await transact(db, (trx) => acceptInvitation(trx, identity, deps.securityClock.now(), token, caller, body)));
    },
  });

  app.post('/api/accounts/:accountId/apps', {
    config: account('users.manage'),
    schema: { operationId: 'registerApp', tags: ['accounts'], summary: "Register a new Azure AD-style application in the account's directory, with its first client secret (shown once)", params: AccountParams, body: RegisterAppBody, response: { 201: RegisteredApp, ...errors } },
    handler: async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      const body = request.body as Parameters<typeof registerApp>[5];
      return reply.status(201).send(unwrap(await transact(db, (trx) => registerApp(trx, identity, deps.clock.now(), accountId, user(request).userId, body))));
    },
  });

  app.post('/api/accounts/:accountId/apps/link', {
    config: account('users.manage'),
    schema: { operationId: 'linkApp', tags: ['accounts'], summary: "Add an existing application of the account's directory", params: AccountParams, body: LinkAppBody, response: { 200: { $ref: 'AppRegistration#' }, ...errors } },
    handler: async (request) => {
      const { accountId } = request.params as { accountId: string };
      return unwrap(await transact(db, (trx) => linkApp(trx, identity, deps.clock.now(), accountId, user(request).userId, request.body as { appId: string; roles: string[] })));
    },
  });

  const appOf = async (accountId: string, appId: string) => {
    const found = await accountApp(db, identity, accountId, appId);
    if (!found) throw new AppError(404, 'NotFound', 'No such application on this account.');
    return found;
  };

  app.get('/api/accounts/:accountId/apps/:appId', {
    config: account('users.manage'),
    schema: { operationId: 'getApp', tags: ['accounts'], summary: 'An application with its roles and secrets (values are never shown again)', params: AppParams, response: { 200: AppDetail, ...errors } },
    handler: async (request) => {
      const p = request.params as { accountId: string; appId: string };
      const found = await appOf(p.accountId, p.appId);
      const member = await findMember(db, p.accountId, 'app', found.appId);
      return { app: found, roles: member?.roles ?? [], secrets: await identity.listSecrets(db, found.appId) };
    },
  });

  app.post('/api/accounts/:accountId/apps/:appId/secrets', {
    config: account('users.manage'),
    schema: { operationId: 'addAppSecret', tags: ['accounts'], summary: 'Add a client secret; its value is shown only in this response', params: AppParams, body: AddSecretBody, response: { 201: NewSecretSchema, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as { accountId: string; appId: string };
      const found = await appOf(p.accountId, p.appId);
      const body = request.body as { displayName?: string; expiresInDays?: number };
      return reply.status(201).send(unwrap(await transact(db, (trx) => identity.addSecret(trx, found.appId, body))));
    },
  });

  app.delete('/api/accounts/:accountId/apps/:appId/secrets/:secretId', {
    config: account('users.manage'),
    schema: { operationId: 'removeAppSecret', tags: ['accounts'], summary: 'Remove a client secret: tokens can no longer be requested with it', params: SecretParams, response: { 204: NoContent, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as { accountId: string; appId: string; secretId: string };
      const found = await appOf(p.accountId, p.appId);
      unwrap(await transact(db, (trx) => identity.deleteSecret(trx, found.appId, p.secretId)));
      return reply.status(204).send();
    },
  });
}
