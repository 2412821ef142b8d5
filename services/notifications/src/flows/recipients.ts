import { inArray, sql } from 'drizzle-orm';
import type { Channels } from '../channels/channel.ts';
import { mainlandMobile } from '../channels/phone.ts';
import type { NotificationsTx } from '../db/database.ts';
import type { Medium } from '../db/schema/index.ts';
import { ownerPreferences, owners } from '../db/schema/index.ts';

/** What this service knows of how to reach one owner. */
export interface Contact {
  ownerId: string;
  phone: string | null;
  preferredChannel: 'sms' | 'email' | 'wechat' | 'letter' | null;
  email: string | null;
  wechatOpenId: string | null;
  locale: 'zh-CN' | 'en';
}

/** Contacts of the given owners (with their preferences), by owner id. */
export async function loadContacts(
  tx: NotificationsTx,
  ownerIds: readonly string[],
): Promise<Map<string, Contact>> {
  if (ownerIds.length === 0) return new Map();
  const rows = await tx
    .select({
      ownerId: owners.ownerId,
      phone: owners.phone,
      preferredChannel: ownerPreferences.preferredChannel,
      email: ownerPreferences.email,
      wechatOpenId: ownerPreferences.wechatOpenId,
      locale: sql<'zh-CN' | 'en'>`coalesce(${ownerPreferences.locale}, 'zh-CN')`,
    })
    .from(owners)
    .leftJoin(ownerPreferences, sql`${ownerPreferences.ownerId} = ${owners.ownerId}`)
    .where(inArray(owners.ownerId, [...new Set(ownerIds)]));
  return new Map(rows.map((r) => [r.ownerId, r]));
}

/** A medium and address that reach an owner. */
export interface Route {
  medium: Exclude<Medium, 'inbox' | 'letter' | 'none'>;
  address: string;
}

/**
 * How to reach an owner: the channel they prefer when it is configured and they gave its address,
 * else SMS when they have a mobile number, else e-mail, else WeChat; null when nothing reaches
 * them (or they asked for paper).
 */
export function routeOf(contact: Contact | undefined, channels: Channels): Route | null {
  if (!contact || contact.preferredChannel === 'letter') return null;
  const addresses: Record<Route['medium'], string | null> = {
    sms: mainlandMobile(contact.phone),
    email: contact.email,
    wechat: contact.wechatOpenId,
  };
  const order: Route['medium'][] = ['sms', 'email', 'wechat'];
  const preferred = contact.preferredChannel;
  for (const medium of preferred ? [preferred, ...order] : order) {
    const address = addresses[medium];
    if (address && channels[medium]) return { medium, address };
  }
  return null;
}
