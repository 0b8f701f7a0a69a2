/** Public API of the communication module: notification centre, chat and the realtime socket. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../kernel/deps.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import { queueDigests } from '../../kernel/notify/digest.js';
import { NotificationService } from '../../kernel/notify/service.js';
import { announcementRoutes } from './announcements.routes.js';
import { announceDue } from './announcements.service.js';
import { chatRoutes } from './chat.routes.js';
import { forumRoutes } from './forums.routes.js';
import { searchRoutes } from './search.routes.js';
import { sendChatReminders } from './chat.service.js';
import { notificationRoutes } from './notifications.routes.js';
import { realtimeRoutes } from './realtime.js';
import { orgRoomJobs } from './orgsync.job.js';

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
      if (!(deps.notifier instanceof NotificationService)) return;
      // Batches of 500 until the outbox is drained or ~50 s have passed (the next run takes over), so a
      // 100 000-member announcement leaves at the SMTP server's pace, not 500 a minute.
      const budgetEnds = Date.now() + 50_000;
      for (;;) {
        const r = await deps.notifier.deliverDue(500);
        if (r.sent + r.retried + r.failed < 500 || Date.now() > budgetEnds) break;
      }
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
    // Daily/weekly digests of unread non-urgent notifications (hourly: each member's local morning).
    name: 'comms-digest',
    cron: '5 * * * *',
    handler: async (deps) => {
      await queueDigests(deps);
    },
  },
  {
    name: 'comms-chat-reminders',
    cron: '*/5 * * * *',
    handler: async (deps) => {
      await sendChatReminders(deps);
    },
  },
  // org chat rooms follow the member registry (join/leave on activation, transfer, leaving)
  ...orgRoomJobs,
];

export { ensureOrgRoom, openDirect, sendMessage } from './chat.service.js';
/** Rich-text sanitiser shared with other modules (polls descriptions). */
export { richTextToPlain, sanitizeRichText } from './sanitize.js';
