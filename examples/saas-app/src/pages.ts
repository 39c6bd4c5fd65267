import { html, raw, type Html } from './html.js';
import type { Operation, Plan, Subscription } from './marketplace-client.js';
import type { Session } from './sessions.js';
import { formatQuantity, pendingTotal, unitText } from './metering.js';
import type { Account, TrackedOperation, UsageReport, WebhookEvent } from './store.js';
import type { UsageHomeView, UsageView } from './usage.js';
import { hourText, reportSummary } from './usage-text.js';

/** Server-rendered pages of Contoso Flow. Every value is escaped by `html`. */

export const APP_NAME = 'Contoso Flow';

/** Microsoft's end-user message for a purchase token that does not resolve (expired or invalid). */
export const PURCHASE_NOT_IDENTIFIED =
  'We couldn\'t identify this purchase. Please reopen this SaaS subscription in the Azure portal or in Microsoft 365 Admin Center and select "Configure Account" or "Manage Account" again.';

const STYLE = raw(`
  :root { color-scheme: light; --accent: #0f6cbd; --muted: #616161; --line: #e0e0e0; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 "Segoe UI", system-ui, sans-serif; color: #242424; background: #fafafa; }
  header { background: var(--accent); color: #fff; padding: 12px 24px; display: flex; gap: 24px; align-items: baseline; }
  header a { color: #fff; text-decoration: none; }
  header .brand { font-weight: 600; font-size: 18px; }
  main { max-width: 980px; margin: 24px auto; padding: 0 24px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px; margin-bottom: 20px; }
  h1 { font-size: 24px; margin: 0 0 16px; } h2 { font-size: 18px; margin: 0 0 12px; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  table.details th { width: 200px; color: var(--muted); font-weight: 500; }
  code { font-size: 13px; word-break: break-all; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; background: #eee; }
  .badge.Subscribed, .badge.Succeeded, .badge.acknowledged, .badge.applied { background: #dff6dd; color: #0e700e; }
  .badge.PendingFulfillmentStart, .badge.InProgress, .badge.NotStarted, .badge.received { background: #fff4ce; color: #8a5300; }
  .badge.Suspended, .badge.Conflict, .badge.rejected, .badge.ignored, .badge.duplicate { background: #fde7e9; color: #a4262c; }
  .badge.Unsubscribed, .badge.Failed, .badge.error { background: #f3d6d8; color: #751d1f; }
  .badge.Accepted, .badge.billed { background: #dff6dd; color: #0e700e; }
  .badge.Duplicate, .badge.moved, .badge.retry, .badge.hourly, .badge.manual { background: #fff4ce; color: #8a5300; }
  .badge.hourly, .badge.manual { background: #ebf3fc; color: #0f548c; }
  .badge.dropped, .badge.NotSent, .badge.Expired, .badge.Error, .badge.BadArgument, .badge.InvalidDimension, .badge.InvalidQuantity,
  .badge.ResourceNotFound, .badge.ResourceNotAuthorized, .badge.ResourceNotActive { background: #fde7e9; color: #a4262c; }
  h3 { font-size: 15px; margin: 16px 0 8px; } td.num, th.num { text-align: right; }
  .flash { padding: 10px 14px; border-radius: 6px; margin-bottom: 20px; border: 1px solid; }
  .flash.info { background: #ebf3fc; border-color: #b4d6fa; } .flash.warning { background: #fff9f5; border-color: #fdcfb4; }
  .flash.error { background: #fdf3f4; border-color: #eeacb2; }
  form.inline { display: inline; } .row { display: flex; gap: 12px; flex-wrap: wrap; align-items: end; margin: 8px 0; }
  label { display: block; font-size: 13px; color: var(--muted); }
  input, select { font: inherit; padding: 5px 8px; border: 1px solid #c7c7c7; border-radius: 4px; }
  button { font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: var(--accent); } button.danger { background: #c50f1f; border-color: #c50f1f; }
  .muted { color: var(--muted); font-size: 13px; }
`);

export interface Flash {
  kind: 'info' | 'warning' | 'error';
  text: string;
}

export function layout(title: string, body: Html, options: { flash?: Flash; refreshSeconds?: number } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${title} · ${APP_NAME}</title>
<style>${STYLE}</style>
</head>
<body>
<header><a class="brand" href="/">${APP_NAME}</a><span>Approvals and workflows for every team</span></header>
<main>
${options.flash ? html`<div class="flash ${options.flash.kind}" role="status">${options.flash.text}</div>` : ''}
${body}
</main>
</body>
</html>
`.value;
}

const badge = (text: string | undefined) => html`<span class="badge ${text ?? ''}">${text ?? 'unknown'}</span>`;
const csrfField = (session: Session) => html`<input type="hidden" name="csrf" value="${session.csrf}">`;
const subPath = (id: string, rest = '') => `/subscriptions/${encodeURIComponent(id)}${rest}`;
/** Term dates arrive as "2026-11-01" or as date-times ("2026-11-01T00:00:00Z"): show the day. */
const day = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : d ?? '?');
const termText = (a: Pick<Account, 'term'>) =>
  a.term?.startDate || a.term?.endDate ? `${day(a.term.startDate)} → ${day(a.term.endDate)}${a.term.termUnit ? ` (${a.term.termUnit})` : ''}` : a.term?.termUnit ?? '—';
const planLabel = (p: Plan) => `${p.displayName ?? p.planId}${p.isPrivate && !/private/i.test(p.displayName ?? '') ? ' (private)' : ''}`;
const quantityText = (q: number | undefined) => (q === undefined ? '— (not per seat)' : `${q} seat${q === 1 ? '' : 's'}`);

function details(a: Account): Html {
  const purchaserDiffers = a.purchaser?.emailId && a.purchaser.emailId !== a.beneficiary?.emailId;
  return html`<table class="details">
<tr><th>Subscription</th><td>${a.name ?? '—'}<br><code>${a.id}</code></td></tr>
<tr><th>Offer</th><td>${a.offerId ?? '—'}</td></tr>
<tr><th>Plan</th><td>${a.planId ?? '—'}</td></tr>
<tr><th>Quantity</th><td>${quantityText(a.quantity)}</td></tr>
<tr><th>Term</th><td>${termText(a)}${a.isFreeTrial ? ' · free trial' : ''}</td></tr>
<tr><th>Status</th><td>${badge(a.status)}</td></tr>
<tr><th>Beneficiary</th><td>${a.beneficiary?.emailId ?? '—'}${a.beneficiary?.tenantId ? html`<br><span class="muted">tenant <code>${a.beneficiary.tenantId}</code></span>` : ''}</td></tr>
${purchaserDiffers ? html`<tr><th>Purchaser</th><td>${a.purchaser?.emailId}</td></tr>` : ''}
</table>`;
}

export function messagePage(title: string, text: string, hint?: string): string {
  return layout(title, html`<section><h1>${title}</h1><p>${text}</p>${hint ? html`<p class="muted">${hint}</p>` : ''}<p><a href="/">${APP_NAME} home</a></p></section>`);
}

/** PendingFulfillmentStart: sign in, then activate. */
export function pendingPage(a: Account, session: Session, flash?: Flash): string {
  const signedIn = session.email;
  const matches = signedIn && a.beneficiary?.emailId && signedIn.toLowerCase() === a.beneficiary.emailId.toLowerCase();
  const step1 = signedIn
    ? html`<p>Signed in as <strong>${signedIn}</strong>.</p>
${!matches ? html`<div class="flash warning">You are not the subscription's beneficiary${a.beneficiary?.emailId ? html` (<strong>${a.beneficiary.emailId}</strong>)` : ''}. You can still activate it, for example on their behalf, or sign in with another address.</div>` : ''}
<form method="post" action="${subPath(a.id, '/sign-out')}" class="inline">${csrfField(session)}<button class="secondary">Sign in with another address</button></form>`
    : html`<form method="post" action="${subPath(a.id, '/sign-in')}">${csrfField(session)}
<div class="row"><div><label for="email">Work email</label><input id="email" name="email" type="email" required autocomplete="email" size="34"></div>
<button>Sign in</button></div>
<p class="muted">Contoso Flow checks the address against the subscription's beneficiary.</p></form>`;
  const step2 = signedIn
    ? html`<form method="post" action="${subPath(a.id, '/activate')}">${csrfField(session)}
<p>Activating starts billing for plan <strong>${a.planId}</strong>${a.quantity !== undefined ? html` with <strong>${quantityText(a.quantity)}</strong>` : ''}.</p>
<button>Activate</button></form>`
    : html`<p class="muted">Sign in first.</p>`;
  return layout('Set up your account', html`<h1>Welcome to ${APP_NAME}</h1>
<section><h2>Your purchase</h2>${details(a)}</section>
<section><h2>1. Sign in</h2>${step1}</section>
<section><h2>2. Activate your subscription</h2>${step2}</section>`, { flash });
}

const q = formatQuantity;

/** The Usage section of a metered subscription: the term's counters, using the product, reporting, the events. */
function usageSection(a: Account, session: Session, u: UsageView): Html {
  const counters = html`<table>
<tr><th>Dimension</th><th class="num">Included per term</th><th class="num">Used this term</th><th class="num">Above included</th><th class="num">Billed (accepted)</th><th>Waiting to be reported</th></tr>
${u.rows.map((r) => html`<tr><td>${r.dimension.displayName}<br><span class="muted"><code>${r.dimension.id}</code>, ${r.dimension.unitOfMeasure}</span></td>
<td class="num">${r.included === 'unlimited' ? 'unlimited' : q(r.included)}</td><td class="num">${q(r.used)}</td><td class="num">${r.included === 'unlimited' ? '—' : q(r.overage)}</td><td class="num">${r.included === 'unlimited' ? '—' : q(r.billed)}</td>
<td>${r.waiting.length === 0 ? html`<span class="muted">nothing</span>` : r.waiting.map((w) => html`${unitText(r.dimension, w.quantity)} <span class="muted">for ${hourText(w.hour)}</span><br>`)}</td></tr>`)}
</table>`;
  const use = u.canUse
    ? html`<form method="post" action="${subPath(a.id, '/use')}">${csrfField(session)}<div class="row">${u.plan.actions.map((act) => html`<button name="action" value="${act.id}" class="secondary">${act.label}</button>`)}</div></form>`
    : html`<p class="muted">Only an active subscription can use the product.</p>`;
  const events = u.items.length === 0
    ? html`<p class="muted">No usage reported yet.</p>`
    : html`<table><tr><th>Reported</th><th>Hour (effectiveStartTime)</th><th>Dimension</th><th class="num">Quantity</th><th>Result</th></tr>
${u.items.map((i) => html`<tr><td class="muted">${i.reportedAt}<br>${badge(i.trigger)}</td><td>${hourText(i.hour)}${i.effectiveStartTime ? html`<br><code>${i.effectiveStartTime}</code>` : ''}</td><td>${i.dimension}</td><td class="num">${q(i.quantity)}</td>
<td>${badge(i.status)} ${badge(i.outcome)}${i.movedTo ? html` <span class="muted">→ ${hourText(i.movedTo)}</span>` : ''}${i.usageEventId ? html`<br><span class="muted">usageEventId <code>${i.usageEventId}</code></span>` : ''}${i.message ? html`<br><span class="muted">${i.message}</span>` : ''}</td></tr>`)}
</table>`;
  return html`<section id="usage"><h2>Usage</h2>
<p class="muted">Plan <strong>${u.plan.planId}</strong>: usage above what the plan includes each term is billed per unit.
Term ${u.termStart ? html`from <strong>${day(u.termStart)}</strong>` : 'start unknown'}${u.termUnit ? ` (${u.termUnit})` : ''}. Marketplace time ${u.clock}.</p>
${counters}
<h3>Use the product</h3>
${use}
<h3>Report usage</h3>
<p class="muted">${u.nextHourly ? html`The hourly reporter sends each clock hour's usage once the hour has ended: the current hour's after ${hourText(u.nextHourly)}.` : 'The hourly reporter is off (SAAS_APP_USAGE_CHECK_INTERVAL_MS=0).'}
"Report usage now" sends this hour's usage so far: what is used later in this hour is then reported with the next hour, because the marketplace takes one event per subscription, dimension and hour.</p>
<form method="post" action="${subPath(a.id, '/report-usage')}">${csrfField(session)}<button class="secondary">Report usage now</button></form>
${u.failedCalls.length ? html`<div class="flash error">The last failed report${u.failedCalls.length === 1 ? '' : 's'}: ${u.failedCalls.map((f) => html`<br><span class="muted">${f.at}</span> ${f.error}`)}</div>` : ''}
<h3>Reported usage events</h3>
${events}
</section>`;
}

/** Subscribed or Suspended: manage the account. */
export function managePage(a: Account, session: Session, data: { plans: Plan[] | undefined; plansError?: string; operations: TrackedOperation[]; usage?: UsageView; flash?: Flash }): string {
  const subscribed = a.status === 'Subscribed';
  const canUpdate = !a.allowedCustomerOperations || a.allowedCustomerOperations.includes('Update');
  const canDelete = !a.allowedCustomerOperations || a.allowedCustomerOperations.includes('Delete');
  const otherPlans = (data.plans ?? []).filter((p) => p.planId !== a.planId);
  const changePlan = !subscribed
    ? html`<p class="muted">Only an active subscription can change plan.</p>`
    : !canUpdate
      ? html`<p class="muted">Your reseller manages changes to this subscription.</p>`
      : data.plansError
        ? html`<p class="muted">The available plans could not be loaded: ${data.plansError}</p>`
        : otherPlans.length === 0
          ? html`<p class="muted">No other plan is available to you.</p>`
          : html`<form method="post" action="${subPath(a.id, '/change-plan')}">${csrfField(session)}<div class="row">
<div><label for="planId">New plan</label><select id="planId" name="planId">${otherPlans.map((p) => html`<option value="${p.planId}">${planLabel(p)}</option>`)}</select></div>
<button>Change plan</button></div></form>`;
  const changeQuantity = a.quantity === undefined
    ? html`<p class="muted">Plan ${a.planId} is not priced per seat.</p>`
    : subscribed && canUpdate
      ? html`<form method="post" action="${subPath(a.id, '/change-quantity')}">${csrfField(session)}<div class="row">
<div><label for="quantity">Seats</label><input id="quantity" name="quantity" type="number" min="1" step="1" value="${a.quantity}" required></div>
<button>Change quantity</button></div></form>`
      : html`<p class="muted">The number of seats cannot be changed now.</p>`;
  const cancel = canDelete
    ? html`<form method="post" action="${subPath(a.id, '/cancel')}">${csrfField(session)}
<div class="row"><label><input type="checkbox" name="confirm" value="yes" required> I understand that access ends immediately.</label>
<button class="danger">Cancel subscription</button></div></form>`
    : html`<p class="muted">Your reseller manages this subscription.</p>`;
  return layout('Manage account', html`<h1>Manage your ${APP_NAME} account</h1>
${a.status === 'Suspended' ? html`<div class="flash warning">This subscription is suspended: access is limited until the payment issue is resolved. Your data is kept.</div>` : ''}
<section><h2>Subscription</h2>${details(a)}</section>
${data.usage ? usageSection(a, session, data.usage) : ''}
<section><h2>Change plan</h2>${changePlan}</section>
<section><h2>Change quantity</h2>${changeQuantity}</section>
<section><h2>Cancel</h2>${cancel}</section>
${data.operations.length ? html`<section><h2>Your recent requests</h2>${operationsTable(a.id, data.operations)}</section>` : ''}
${history(a)}`, { flash: data.flash });
}

export function unsubscribedPage(a: Account, flash?: Flash): string {
  return layout('Subscription canceled', html`<h1>This subscription was canceled</h1>
<section>${details(a)}<p>Access has ended. Your data is kept for at least seven days; buy ${APP_NAME} again from the marketplace to continue.</p></section>
${history(a)}`, { flash });
}

function operationsTable(subscriptionId: string, ops: TrackedOperation[]): Html {
  return html`<table><tr><th>Requested</th><th>Action</th><th>Status</th><th></th></tr>
${ops.map((o) => html`<tr><td>${o.requestedAt}</td><td>${o.action}${o.detail ? html`<br><span class="muted">${o.detail}</span>` : ''}</td><td>${badge(o.status)}</td><td><a href="${subPath(subscriptionId, `/operations/${encodeURIComponent(o.id)}`)}">details</a></td></tr>`)}
</table>`;
}

function history(a: Account): Html | string {
  if (!a.history.length) return '';
  return html`<section><h2>History</h2><table>${a.history.map((h) => html`<tr><td class="muted">${h.at}</td><td>${h.source}</td><td>${h.text}</td></tr>`)}</table></section>`;
}

export function operationPage(a: Account, tracked: TrackedOperation, op: Operation | undefined, error: string | undefined): string {
  const done = op && ['Succeeded', 'Failed', 'Conflict'].includes(op.status ?? '');
  const outcome = !op
    ? html`<p>The operation's status could not be read: ${error ?? 'unknown error'}. This page tries again.</p>`
    : op.status === 'Succeeded'
      ? html`<p><strong>Done.</strong> The marketplace completed the ${tracked.action}.</p>`
      : op.status === 'Conflict'
        ? html`<p><strong>Nothing changed:</strong> the subscription already has this plan or quantity.</p>`
        : op.status === 'Failed'
          ? html`<p><strong>The marketplace could not complete the request.</strong> ${op.errorMessage ?? ''}</p>`
          : html`<p>The marketplace is processing the request… this page refreshes every few seconds.</p>`;
  return layout(
    'Request status',
    html`<h1>${tracked.action}</h1>
<section>
<table class="details">
<tr><th>Status</th><td>${badge(op?.status ?? tracked.status)}</td></tr>
<tr><th>Requested</th><td>${tracked.requestedAt}${tracked.requestedBy ? ` by ${tracked.requestedBy}` : ''}</td></tr>
${op?.planId ? html`<tr><th>Plan</th><td>${op.planId}</td></tr>` : ''}
${op?.quantity !== undefined && op?.quantity !== '' && op?.quantity !== null ? html`<tr><th>Quantity</th><td>${op.quantity}</td></tr>` : ''}
<tr><th>Operation</th><td><code>${tracked.id}</code></td></tr>
</table>
${outcome}
<p><a href="${subPath(a.id)}">Back to your account</a></p>
</section>`,
    { refreshSeconds: done ? undefined : 3 },
  );
}

export interface HomeData {
  agoraUrl: string;
  publicUrl: string;
  tenantId?: string;
  clientId?: string;
  credentialsFrom: string;
  credentialsError?: string;
  rejectChanges: boolean;
  accounts: Account[];
  marketplace: Subscription[] | undefined;
  marketplaceError?: string;
  events: WebhookEvent[];
  usage?: UsageHomeView;
}

function reportRow(r: UsageReport): Html {
  return html`<tr><td class="muted">${r.at}<br>marketplace ${r.marketplaceTime}</td><td>${badge(r.trigger)}${r.subscriptionId ? html`<br><code>${r.subscriptionId}</code>` : ''}</td>
<td>${r.calls.map((c) => html`<code>${c.endpoint}</code> ${c.events} event${c.events === 1 ? '' : 's'}${c.httpStatus ? ` → HTTP ${c.httpStatus}` : ''}${c.error ? html`<br><span class="muted">${c.error}</span>` : ''}<br>`)}</td>
<td>${r.items.map((i) => html`${badge(i.status)} <code>${i.subscriptionId.slice(0, 8)}…</code> ${q(i.quantity)} ${i.dimension} @ ${hourText(i.hour)}${i.movedTo ? html` <span class="muted">→ ${hourText(i.movedTo)}</span>` : ''}${i.message && i.status !== 'Accepted' ? html` <span class="muted">${i.message}</span>` : ''}<br>`)}
<span class="muted">${reportSummary(r)}</span></td></tr>`;
}

function usageHome(u: UsageHomeView, session: Session): Html {
  return html`<section><h2>Metered usage</h2>
<p class="muted">Usage above the included quantities, counted per subscription and dimension and reported to the Metering API:
${u.nextHourly ? html`hourly, once each clock hour has ended (next after ${hourText(u.nextHourly)})` : 'the hourly reporter is off'}. Marketplace time ${u.clock}.</p>
<form method="post" action="/admin/report-usage">${csrfField(session)}<button class="secondary">Report usage now (all subscriptions)</button></form>
${u.meters.length === 0 ? html`<p class="muted">No metered usage yet: open a subscription of the metered plan and use the product.</p>` : html`<table>
<tr><th>Subscription</th><th>Plan / dimension</th><th class="num">Used this term</th><th class="num">Above included</th><th class="num">Billed</th><th class="num">Waiting</th></tr>
${u.meters.map(({ meter: m }) => html`<tr><td><code>${m.subscriptionId}</code>${m.termStart ? html`<br><span class="muted">term from ${day(m.termStart)}</span>` : ''}</td><td>${m.planId} / ${m.dimension}</td><td class="num">${q(m.usedInTerm)}</td><td class="num">${q(m.overageInTerm)}</td><td class="num">${q(m.billedInTerm)}</td><td class="num">${q(pendingTotal(m))}</td></tr>`)}
</table>`}
<h3>Last usage reports</h3>
${u.reports.length === 0 ? html`<p class="muted">None yet.</p>` : html`<table><tr><th>When</th><th>Trigger</th><th>Calls</th><th>Events and results</th></tr>${u.reports.map(reportRow)}</table>`}
</section>`;
}

/** The ISV's operator view: configuration, the subscriptions it knows and the marketplace's, and the last webhooks. */
export function homePage(d: HomeData, session: Session, flash?: Flash): string {
  const known = new Set(d.accounts.map((a) => a.id));
  return layout('Home', html`<h1>${APP_NAME} — operator view</h1>
<section><h2>Marketplace integration</h2><table class="details">
<tr><th>Marketplace (Agora)</th><td><code>${d.agoraUrl}</code></td></tr>
<tr><th>App registration</th><td>tenant <code>${d.tenantId ?? '—'}</code><br>client <code>${d.clientId ?? '—'}</code><br><span class="muted">from ${d.credentialsFrom}</span>${d.credentialsError ? html`<div class="flash error">${d.credentialsError}</div>` : ''}</td></tr>
<tr><th>Landing page URL</th><td><code>${d.publicUrl}/landing</code></td></tr>
<tr><th>Connection webhook</th><td><code>${d.publicUrl}/webhook</code></td></tr>
<tr><th>Marketplace changes</th><td>${d.rejectChanges ? html`<strong>all rejected</strong> (SAAS_APP_REJECT_CHANGES)` : 'accepted, unless rejected for a subscription below'}</td></tr>
</table></section>
<section><h2>Subscriptions ${APP_NAME} has provisioned</h2>
${d.accounts.length === 0 ? html`<p class="muted">None yet: buy the offer in the marketplace and select "Configure account".</p>` : html`<table>
<tr><th>Subscription</th><th>Plan</th><th>Seats</th><th>Status</th><th>Beneficiary</th><th>Marketplace changes</th></tr>
${d.accounts.map((a) => html`<tr><td>${a.name ?? '—'}<br><code>${a.id}</code></td><td>${a.planId ?? '—'}</td><td>${a.quantity ?? '—'}</td><td>${badge(a.status)}</td><td>${a.beneficiary?.emailId ?? '—'}</td>
<td><form method="post" action="/admin/subscriptions/${encodeURIComponent(a.id)}/reject-changes" class="inline">${csrfField(session)}<input type="hidden" name="reject" value="${a.rejectChanges ? 'off' : 'on'}">
${a.rejectChanges ? 'rejected ' : 'accepted '}<button class="secondary">${a.rejectChanges ? 'Accept' : 'Reject'}</button></form></td></tr>`)}
</table>`}</section>
${d.usage ? usageHome(d.usage, session) : ''}
<section><h2>Last webhook notifications</h2>
${d.events.length === 0 ? html`<p class="muted">None received.</p>` : html`<table>
<tr><th>Received</th><th>Action</th><th>Status</th><th>Subscription</th><th>Outcome</th></tr>
${d.events.map((e) => html`<tr><td class="muted">${e.receivedAt}</td><td>${e.action}${e.planId ? html`<br><span class="muted">plan ${e.planId}${e.quantity ? `, quantity ${e.quantity}` : ''}</span>` : ''}</td><td>${e.status}</td><td><code>${e.subscriptionId}</code></td><td>${badge(e.outcome)}${e.detail ? html`<br><span class="muted">${e.detail}</span>` : ''}</td></tr>`)}
</table>`}</section>
<section><h2>All the publisher's subscriptions in the marketplace</h2>
${d.marketplaceError ? html`<div class="flash error">The marketplace could not be listed: ${d.marketplaceError}</div>` : ''}
${d.marketplace && d.marketplace.length === 0 ? html`<p class="muted">The publisher has no subscriptions.</p>` : ''}
${d.marketplace && d.marketplace.length ? html`<p class="muted">${d.marketplace.length} subscription${d.marketplace.length === 1 ? '' : 's'} (List subscriptions, every page)</p><table>
<tr><th>Subscription</th><th>Offer / plan</th><th>Seats</th><th>Status</th><th>Beneficiary</th><th></th></tr>
${d.marketplace.map((s) => html`<tr><td>${s.name ?? '—'}<br><code>${s.id}</code></td><td>${s.offerId ?? '—'} / ${s.planId ?? '—'}</td><td>${s.quantity === '' || s.quantity === undefined || s.quantity === null ? '—' : s.quantity}</td><td>${badge(s.saasSubscriptionStatus?.trim())}</td><td>${s.beneficiary?.emailId ?? '—'}</td><td>${known.has(s.id) ? 'provisioned' : html`<span class="muted">not configured yet</span>`}</td></tr>`)}
</table>` : ''}
</section>`, { flash });
}
