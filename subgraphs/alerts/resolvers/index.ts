import type { Resolvers } from '../generated/resolvers-types.js';
import { Mutation } from './Mutation.js';
import { Viewer } from './Viewer.js';
import { WebhookDelivery } from './WebhookDelivery.js';
import { WebhookEndpoint } from './WebhookEndpoint.js';

export const resolvers: Resolvers = { Mutation, Viewer, WebhookEndpoint, WebhookDelivery };
