import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import type { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { can, type Permission } from "./permissions";
import { getSessionUser, type SessionUser } from "./session";
import type { Actor } from "@/lib/ledger";

/**
 * The form contract of every server action: `{ ok, message, errors, values }`. Field errors and messages are
 * already translated; `values` echoes what was submitted so a refused form comes back filled in — only on a
 * refusal, and never the fields an action marks secret (a card number, an IBAN): the server keeps those masked.
 */
export type FormState = {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[]>;
  values?: Record<string, string>;
  /** Changes on each submission, so the client can tell a new result from the previous one. */
  at?: number;
  /** Data of a success for the page to show (new balances, ids), already formatted. */
  result?: Record<string, string>;
};

/** An expected refusal: a message key of the "errors" catalog (and its values), never a raw exception. */
export class ActionRefusal extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number | Date> = {},
    readonly field?: string,
    /** Data the page needs after this refusal too (a fresh idempotency key for the next attempt). */
    readonly result?: Record<string, string>,
  ) {
    super(key);
  }
}

type Translate = Awaited<ReturnType<typeof getTranslations>>;
/** What an action gets: the signed-in user, the database, translations, and the user as the ledger's actor. */
type Context = { user: SessionUser; db: Db; t: Translate; locale: string; actor: Actor };

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

/** What a refused form gets back: the submitted values less the secret ones. */
function echo(values: Record<string, string>, secret: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !secret.includes(key)));
}

/**
 * Wraps a server action: loads the user from the database, checks the permission of their role, parses the form
 * with zod (messages of the schema are keys of the "validation" catalog), then calls `run`, which calls one domain
 * function. The tenant is the user's customer account: `run` must pass `user.customer.id` to the domain.
 */
export function userAction<S extends z.ZodType>(
  options: { permission: Permission; schema: S; /** Fields never sent back to the browser. */ secret?: readonly string[] },
  run: (input: z.infer<S>, ctx: Context) => Promise<FormState | void>,
) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const submitted = formValues(formData);
    const values = echo(submitted, options.secret);
    const t = await getTranslations();
    const user = await getSessionUser();
    if (!user) return { ok: false, message: t("errors.sessionExpired"), values, at: Date.now() };
    if (!can(user.role, options.permission)) {
      return { ok: false, message: t("errors.forbidden"), values, at: Date.now() };
    }
    const parsed = options.schema.safeParse(submitted);
    if (!parsed.success) {
      const errors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "form");
        const key = issue.message.startsWith("validation.") ? issue.message : "validation.invalid";
        (errors[field] ??= []).push(t(key as never));
      }
      return { ok: false, message: t("errors.checkFields"), errors, values, at: Date.now() };
    }
    try {
      const result = await run(parsed.data, {
        user,
        db: await getDb(),
        t,
        locale: await getLocale(),
        actor: { type: "user", userId: user.id, label: user.email },
      });
      return { ok: true, at: Date.now(), ...(result ?? {}) };
    } catch (error) {
      if (error instanceof ActionRefusal) {
        const message = t(`errors.${error.key}` as never, error.params as never);
        return {
          ok: false,
          message,
          errors: error.field ? { [error.field]: [message] } : undefined,
          values,
          ...(error.result ? { result: error.result } : {}),
          at: Date.now(),
        };
      }
      throw error;
    }
  };
}
