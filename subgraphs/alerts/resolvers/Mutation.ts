import type { MutationResolvers } from '../generated/resolvers-types.js';
import { createWebhookEndpoint } from '../mutations/create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from '../mutations/delete-webhook-endpoint.js';
import { rotateWebhookSecret } from '../mutations/rotate-webhook-secret.js';
import { sendTestWebhook } from '../mutations/send-test-webhook.js';
import { updateWebhookEndpoint } from '../mutations/update-webhook-endpoint.js';

// The scope is enforced from the SDL's @requiresScopes (shared/field-scopes.ts); ownership in each mutation.
export const Mutation: MutationResolvers = {
  createWebhookEndpoint: (_, { input }, context) => createWebhookEndpoint(context, input) as never,
  updateWebhookEndpoint: (_, { input }, context) => updateWebhookEndpoint(context, input),
  deleteWebhookEndpoint: (_, { id }, context) => deleteWebhookEndpoint(context, id),
  rotateWebhookSecret: (_, { id }, context) => rotateWebhookSecret(context, id) as never,
  sendTestWebhook: (_, { id }, context) => sendTestWebhook(context, id),
};
