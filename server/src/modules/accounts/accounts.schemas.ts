import { Type } from 'typebox';

const Guid = Type.String({ format: 'uuid' });
const Roles = Type.Array(Type.String(), { minItems: 1, maxItems: 6, description: 'Owner, Manager, Developer, BusinessContributor, FinancialContributor, Marketer' });

export const AccountSchema = Type.Object(
  {
    accountId: Guid,
    publisherId: Type.String(),
    displayName: Type.String(),
    sellerId: Type.String(),
    tenantId: Guid,
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Account' },
);

export const MyAccountSchema = Type.Object({
  accountId: Guid,
  publisherId: Type.String(),
  displayName: Type.String(),
  sellerId: Type.String(),
  tenantId: Guid,
  createdAt: Type.String({ format: 'date-time' }),
  roles: Type.Array(Type.String()),
  actions: Type.Array(Type.String()),
});

export const AccountParams = Type.Object({ accountId: Type.String() });
export const MemberParams = Type.Object({
  accountId: Type.String(),
  principalType: Type.Union([Type.Literal('users'), Type.Literal('groups'), Type.Literal('apps')]),
  principalId: Type.String(),
});
export const AppParams = Type.Object({ accountId: Type.String(), appId: Type.String() });
export const SecretParams = Type.Object({ accountId: Type.String(), appId: Type.String(), secretId: Type.String() });
export const InvitationParams = Type.Object({ accountId: Type.String(), invitationId: Type.String() });
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

export const CreateAccountBody = Type.Object({ publisherId: Type.String({ maxLength: 50 }), displayName: Type.String({ maxLength: 256 }) });
export const UpdateAccountBody = Type.Object({ displayName: Type.String({ maxLength: 256 }) });
export const AddUsersBody = Type.Object({ userIds: Type.Array(Type.String(), { minItems: 1, maxItems: 100 }), roles: Roles });
export const SetRolesBody = Type.Object({ roles: Roles });
export const CreateGroupBody = Type.Object({ displayName: Type.String({ maxLength: 256 }), memberIds: Type.Array(Type.String(), { maxItems: 500 }), roles: Roles });
export const GroupMembersBody = Type.Object({ userIds: Type.Array(Type.String(), { minItems: 1, maxItems: 500 }) });
export const InviteBody = Type.Object({
  emails: Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 254 }), { maxItems: 100 })], {
    description: 'Up to 10 addresses: a list, or one string separated by "," or ";".',
  }),
  roles: Roles,
});
export const AcceptInvitationBody = Type.Object({
  displayName: Type.Optional(Type.String({ maxLength: 256 })),
  password: Type.Optional(Type.String({ maxLength: 256 })),
});
export const RegisterAppBody = Type.Object({
  displayName: Type.String({ maxLength: 120 }),
  replyUrl: Type.Optional(Type.String({ maxLength: 256 })),
  appIdUri: Type.Optional(Type.String({ maxLength: 256 })),
  roles: Roles,
  secretDisplayName: Type.Optional(Type.String({ maxLength: 100 })),
  secretExpiresInDays: Type.Optional(Type.Integer()),
});
export const LinkAppBody = Type.Object({ appId: Type.String(), roles: Roles });
export const AddSecretBody = Type.Object({ displayName: Type.Optional(Type.String({ maxLength: 100 })), expiresInDays: Type.Optional(Type.Integer()) });

const UserOut = Type.Object({
  objectId: Guid,
  tenantId: Guid,
  email: Type.String(),
  displayName: Type.String(),
  userType: Type.String(),
  state: Type.String(),
  isGlobalAdmin: Type.Boolean(),
  isOperator: Type.Boolean(),
  roles: Type.Array(Type.String()),
});
const GroupOut = Type.Object({ objectId: Guid, tenantId: Guid, displayName: Type.String(), roles: Type.Array(Type.String()), memberIds: Type.Array(Guid) });
export const AppSchema = Type.Object(
  {
    appId: Guid,
    tenantId: Guid,
    objectId: Guid,
    displayName: Type.String(),
    replyUrl: Type.Union([Type.String(), Type.Null()]),
    appIdUri: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'AppRegistration' },
);
const AppOut = Type.Intersect([Type.Ref('AppRegistration'), Type.Object({ roles: Type.Array(Type.String()) })]);
export const MembersResponse = Type.Object({ users: Type.Array(UserOut), groups: Type.Array(GroupOut), apps: Type.Array(AppOut) });

export const SecretSchema = Type.Object(
  { secretId: Guid, displayName: Type.String(), hint: Type.String(), createdAt: Type.String({ format: 'date-time' }), expiresAt: Type.String({ format: 'date-time' }), expired: Type.Boolean() },
  { $id: 'ClientSecret' },
);
export const NewSecretSchema = Type.Intersect([Type.Ref('ClientSecret'), Type.Object({ secret: Type.String({ description: 'The secret value: shown only this once.' }) })]);
export const AppDetail = Type.Object({ app: Type.Ref('AppRegistration'), roles: Type.Array(Type.String()), secrets: Type.Array(Type.Ref('ClientSecret')) });
export const RegisteredApp = Type.Object({ app: Type.Ref('AppRegistration'), secret: NewSecretSchema });

export const InvitationSchema = Type.Object(
  {
    invitationId: Guid,
    email: Type.String(),
    roles: Type.Array(Type.String()),
    state: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    acceptedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Invitation' },
);
export const SentInvitationSchema = Type.Intersect([Type.Ref('Invitation'), Type.Object({ acceptUrl: Type.String() })]);
export const InvitationPreviewSchema = Type.Object({
  accountDisplayName: Type.String(),
  publisherId: Type.String(),
  email: Type.String(),
  roles: Type.Array(Type.String()),
  needsPassword: Type.Boolean(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export const AcceptedInvitation = Type.Object({ accountId: Guid, userId: Guid, email: Type.String() });
