import { useEffect, useId, useState } from 'react';
import { ApiError, api, isMissingRoute } from '../../ui/index.js';
import { useOffer } from './common.js';

export type MediaKind = 'logoLarge' | 'logoMedium' | 'logoSmall' | 'screenshot' | 'videoThumbnail' | 'supportingDocument';

export interface UploadedMedia {
  mediaId: string;
  kind: string;
  width?: number;
  height?: number;
}

const MEDIA_ROUTE = /\/offers\/\{offerId\}\/media$/;
let capability: Promise<boolean> | undefined;

/**
 * Whether the server has the media upload route: its OpenAPI document lists every route, so asking it has no side
 * effect. (Until the route exists the listing shows "Uploads arrive soon".)
 */
function uploadsAvailable(): Promise<boolean> {
  capability ??= fetch('/openapi.json', { credentials: 'same-origin' })
    .then((r) => (r.ok ? (r.json() as Promise<{ paths?: Record<string, unknown> }>) : { paths: {} }))
    .then((doc) => Object.keys(doc.paths ?? {}).some((p) => MEDIA_ROUTE.test(p)))
    .catch(() => false);
  return capability;
}

export function useUploadsAvailable(): boolean | undefined {
  const [available, setAvailable] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void uploadsAvailable().then((a) => live && setAvailable(a));
    return () => {
      live = false;
    };
  }, []);
  return available;
}

const ACCEPT: Record<MediaKind, string> = {
  logoLarge: 'image/png',
  logoMedium: 'image/png',
  logoSmall: 'image/png',
  screenshot: 'image/png',
  videoThumbnail: 'image/png',
  supportingDocument: 'application/pdf',
};

export const MEDIA_RULE: Record<MediaKind, string> = {
  logoLarge: 'PNG, square, 216×216 to 350×350 pixels.',
  logoMedium: 'PNG, 90×90 pixels.',
  logoSmall: 'PNG, 48×48 pixels.',
  screenshot: 'PNG, 1280×720 pixels.',
  videoThumbnail: 'PNG, 1280×720 pixels.',
  supportingDocument: 'PDF.',
};

/**
 * A file picker that uploads to `POST .../offers/:offerId/media?kind=...` (the raw file as the body) and hands the
 * media id back. While the server has no upload route it is a disabled control saying uploads arrive soon. A refused
 * file shows the server's message.
 */
export function MediaUpload({ kind, label, onUploaded, disabled }: { kind: MediaKind; label: string; onUploaded: (media: UploadedMedia, file: File) => void; disabled?: boolean }) {
  const offer = useOffer();
  const available = useUploadsAvailable();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const id = useId();
  const enabled = available === true && !missing && !disabled;

  const upload = async (file: File) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.request<UploadedMedia>('POST', `${offer.base}/media?kind=${encodeURIComponent(kind)}&fileName=${encodeURIComponent(file.name.slice(0, 255))}`, {
        raw: file,
        contentType: file.type || ACCEPT[kind],
        headers: offer.ifMatch(),
      });
      if (r.headers.get('etag')) offer.applyVersion(undefined, r.headers);
      onUploaded(r.data, file);
    } catch (e) {
      if (isMissingRoute(e)) setMissing(true);
      else setError(e instanceof ApiError ? `${e.message}${e.details.length ? ` ${e.details.map((d) => d.message).join(' ')}` : ''}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="upload" data-testid={`upload-${kind}`}>
      <label htmlFor={id} className="upload-label">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept={ACCEPT[kind]}
        disabled={!enabled || busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void upload(file);
        }}
      />
      {busy && <span className="muted"> Uploading…</span>}
      {available === false || missing ? (
        <span className="soon-note" data-testid="uploads-soon">
          Uploads arrive soon
        </span>
      ) : null}
      <div className="hint">{MEDIA_RULE[kind]}</div>
      {error && (
        <div className="field-error" role="alert" data-testid="upload-error">
          {error}
        </div>
      )}
    </div>
  );
}
