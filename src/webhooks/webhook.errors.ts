import { errorCatalogue } from '../common/errors/error-catalogue';

export const WEBHOOK_ERRORS = errorCatalogue('webhooks', {
  WEBHOOK_ENDPOINT_NOT_FOUND: { kind: 'not-found', message: 'Webhook endpoint not found' },
  WEBHOOK_DELIVERY_NOT_FOUND: { kind: 'not-found', message: 'Webhook delivery not found' },
  WEBHOOK_OFFICER_REQUIRED: { kind: 'forbidden', message: "Only officers of the endpoint's agency may change it" },
  WEBHOOK_URL_REFUSED: { kind: 'invalid', message: 'Webhooks cannot be sent to this URL' },
  WEBHOOK_DELIVERY_IN_FLIGHT: { kind: 'conflict', message: 'The delivery is being attempted right now; replay it once it settles' },
});
