import { api, ApiError, data, el, field, format, lang, run, setStatus, show, showError, signedIn, t } from './common.js';
import { formatDateTime } from './datetime.js';

/** An agency officer's view of one endpoint: its state, why it was disabled, resuming it, and sending a delivery again. */
run(async () => {
  const me = await signedIn();
  setStatus(t.site.loading);
  let endpoint;
  try {
    endpoint = await api(`/webhook-endpoints/${data.endpointId}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return showError(t.webhookEndpoint.notFound);
    throw error;
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const mayManage = me.roles.includes('OFFICER') && me.agencyId === endpoint.agencyId;

  const render = async () => {
    field('url').textContent = endpoint.url;
    field('state').textContent = endpoint.active ? t.webhookEndpoint.active : t.webhookEndpoint.disabled;
    field('reason').textContent = endpoint.disabledReason ?? '';
    show(field('reason-row'), !endpoint.active && Boolean(endpoint.disabledReason));
    field('events').textContent = endpoint.eventTypes.join(', ');
    show(field('resume'), mayManage && !endpoint.active);

    const deliveries = await api(`/webhook-deliveries?endpointId=${endpoint.id}&limit=50`);
    field('deliveries').replaceChildren(
      ...deliveries.items.map((delivery) => {
        const again = el('button', { type: 'button', className: 'secondary', textContent: t.webhookEndpoint.sendAgain });
        again.hidden = !mayManage || delivery.status === 'SENDING';
        again.addEventListener('click', () =>
          act(() => api(`/webhook-deliveries/${delivery.id}/replay`, { method: 'POST' }), t.webhookEndpoint.sentAgain),
        );
        return el(
          'tr',
          {},
          el('td', { textContent: delivery.eventType }),
          el('td', { textContent: formatDateTime(delivery.createdAt, zone, lang) }),
          el('td', { textContent: t.labels.deliveryStatus[delivery.status] }),
          el('td', { textContent: String(delivery.attempts) }),
          el('td', { textContent: delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : (delivery.lastError ?? '—') }),
          el('td', {}, again),
        );
      }),
    );
    show(field('no-deliveries'), deliveries.items.length === 0);
    show(field('deliveries-table'), deliveries.items.length > 0);
  };

  const act = async (action, done) => {
    show(field('action-error'), false);
    try {
      await action();
      field('resumed').textContent = done;
      show(field('resumed'));
      endpoint = await api(`/webhook-endpoints/${endpoint.id}`);
      await render();
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) field('action-error').textContent = t.webhookEndpoint.officersOnly;
      else field('action-error').textContent = format(t.errors.generic, { detail: error.message });
      show(field('action-error'));
    }
  };

  field('resume').addEventListener('click', () =>
    act(
      () => api(`/webhook-endpoints/${endpoint.id}`, { method: 'PATCH', body: { active: true, version: endpoint.version } }),
      t.webhookEndpoint.resumed,
    ),
  );
  await render();
  show(document.getElementById('endpoint'));
  setStatus(null);
});
