import type { Logger } from '@yishi/app';
import type { Channel } from './channel.ts';
import { maskAddress } from './phone.ts';

/**
 * Sends nothing: logs that a message would have gone out (for `pnpm start` without a provider
 * account). The address is masked and the text is not logged: it may hold a voting link.
 */
export function createLogChannel(logger: Logger): Channel {
  return {
    name: 'log',
    async send(message) {
      logger.info(
        {
          deliveryId: message.deliveryId,
          kind: message.kind,
          medium: message.medium,
          to: maskAddress(message.to),
          locale: message.locale,
          chars: message.text.length,
        },
        'message handed to the log channel (no provider configured)',
      );
      return { ok: true, providerMessageId: message.deliveryId, response: { logged: true } };
    },
  };
}
