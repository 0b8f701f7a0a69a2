/** Public API of the communication module: notification centre, chat and the realtime socket. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../kernel/deps.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import { NotificationService } from '../../kernel/notify/service.js';
import { announcementRoutes } from './announcements.routes.js';
import { announceDue } from './announcements.service.js';
import { chatRoutes } from './chat.routes.js';
import { forumRoutes } from './forums.routes.js';
import { searchRoutes } from './search.routes.js';
import { sendChatReminders } from './chat.service.js';
import { notificationRoutes } from './notifications.routes.js';
import { realtimeRoutes } from './realtime.js';

export async function commsRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await notificationRoutes(api, deps);
  await chatRoutes(api, deps);
  await announcementRoutes(api, deps);
  await forumRoutes(api, deps);
  await searchRoutes(api, deps);
  await realtimeRoutes(api, deps);
  // the pub/sub listener is per process: stop it with the server
  api.addHook('onClose', async () => {
    await deps.pubsub.close();
  });
}

export const commsJobs: JobDefinition[] = [
  {
    // Outbox of e-mail/SMS: due deliveries (new, retries after backoff, after quiet hours).
    name: 'comms-deliver',
    cron: '* * * * *',
    handler: async (deps) => {
      if (deps.notifier instanceof NotificationService) await deps.notifier.deliverDue(500);
    },
  },
  {
    // Notifies the audience of announcements that went live (published now or at their time).
    name: 'comms-announce',
    cron: '* * * * *',
    handler: async (deps) => {
      await announceDue(deps);
    },
  },
  {
    name: 'comms-chat-reminders',
    cron: '*/5 * * * *',
    handler: async (deps) => {
      await sendChatReminders(deps);
    },
  },
];

export { ensureOrgRoom, openDirect, sendMessage } from './chat.service.js';
