import { Type, type Static } from 'typebox';

export const UserSchema = Type.Object(
  {
    objectId: Type.String({ format: 'uuid' }),
    tenantId: Type.String({ format: 'uuid' }),
    email: Type.String(),
    displayName: Type.String(),
    userType: Type.Union([Type.Literal('member'), Type.Literal('guest')]),
    state: Type.Union([Type.Literal('active'), Type.Literal('invitation_pending'), Type.Literal('disabled')]),
    isGlobalAdmin: Type.Boolean(),
    isOperator: Type.Boolean(),
  },
  { $id: 'User' },
);

export const TenantSchema = Type.Object(
  {
    tenantId: Type.String({ format: 'uuid' }),
    displayName: Type.String(),
    defaultDomain: Type.String(),
    kind: Type.Union([Type.Literal('organization'), Type.Literal('personal')]),
  },
  { $id: 'Tenant' },
);

export const SignInBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const SignUpBody = Type.Object({
  organizationName: Type.String({ minLength: 1, maxLength: 256 }),
  domainPrefix: Type.Optional(Type.String({ pattern: '^[a-z0-9]{1,27}$' })),
  email: Type.String({ minLength: 3, maxLength: 254 }),
  displayName: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const PersonalSignUpBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  displayName: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const SessionResponse = Type.Object({
  user: Type.Union([Type.Ref('User'), Type.Null()]),
  csrfToken: Type.Optional(Type.String()),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export type SessionResponse = Static<typeof SessionResponse>;

export const SignUpResponse = Type.Object({
  tenant: Type.Ref('Tenant'),
  user: Type.Ref('User'),
  csrfToken: Type.String(),
});

export const SigningKeyRotation = Type.Object({ kid: Type.String() });
