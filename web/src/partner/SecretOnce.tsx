import { CopyField, formatDate, type AppRegistration, type NewClientSecret } from '../ui/index.js';

/** A new client secret's value, shown this once, with the ids a service needs beside it. */
export function SecretOnce({ secret, app }: { secret: NewClientSecret; app?: AppRegistration }) {
  return (
    <div className="secret-once">
      <div className="alert alert-warning" role="alert">
        <strong>Copy the secret now.</strong> This is the only time Agora shows it: it keeps only a hash. If you lose it, add a new key and remove this one.
      </div>
      {app && <CopyField label="Client (application) ID" value={app.appId} testId="client-id" />}
      {app && <CopyField label="Directory (tenant) ID" value={app.tenantId} testId="app-tenant-id" />}
      <CopyField label="Client secret" value={secret.secret} testId="secret-value" secret />
      <p className="muted">
        Key “{secret.displayName}” expires {formatDate(secret.expiresAt)}.
      </p>
    </div>
  );
}
