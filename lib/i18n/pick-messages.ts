import type { AbstractIntlMessages } from "next-intl";

/**
 * The part of a message catalog named by `keys`: a namespace ("login") or one entry in it ("errors.retry"). The
 * browser gets only what its client components read (components/client-messages.tsx), not the whole catalog.
 */
export function pickMessages(messages: AbstractIntlMessages, keys: readonly string[]): AbstractIntlMessages {
  const picked: AbstractIntlMessages = {};
  for (const key of keys) {
    const path = key.split(".");
    let from: AbstractIntlMessages | string | undefined = messages;
    let to = picked;
    for (let i = 0; i < path.length; i++) {
      if (typeof from !== "object") break;
      const name = path[i]!;
      const value: AbstractIntlMessages | string | undefined = from[name];
      if (value === undefined) throw new Error(`No message "${key}" in the catalog`);
      if (i === path.length - 1) to[name] = value;
      else to = (to[name] ??= {}) as AbstractIntlMessages;
      from = value;
    }
  }
  return picked;
}
