// How the trust plugin's notifications read on the web's /notifications
// page (web.notification-text): a moderation action and an appeal decision
// say what happened, quote the moderator's reason and lead to the person's
// record (/moderation/mine), where they can appeal; a report's outcome
// tells the reporter whether anything was done.

import type { WebNotificationRef, WebNotificationText, WebPageContext } from '../../web/contracts.ts';
import { PATHS } from './common.ts';
import { actionName } from './labels.ts';
import { say } from './words.ts';

const reasonOf = (n: WebNotificationRef) => (typeof n.data.reason === 'string' ? n.data.reason : null);

export function trustNotice(n: WebNotificationRef, page: WebPageContext): WebNotificationText | null {
  switch (n.kind) {
    case 'moderation-action':
      return { text: say(page, 'noticeAction', { action: actionName(page, String(n.data.action ?? '')) }), href: PATHS.mine, excerpt: reasonOf(n) };
    case 'appeal-decided':
      return { text: say(page, n.data.decision === 'overturned' ? 'noticeOverturned' : 'noticeUpheld'), href: PATHS.mine, excerpt: reasonOf(n) };
    case 'report-outcome':
      return { text: say(page, n.data.outcome === 'dismissed' ? 'noticeDismissed' : 'noticeActioned'), href: null, excerpt: null };
    default:
      return null;
  }
}
