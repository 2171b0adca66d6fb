import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import type { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { SmsAccount } from "@/db/schema";
import { newFormToken, panelScope, type IdempotencyClaim } from "@/lib/idempotency";
import type { Actor } from "@/lib/credits/ledger";
import { describeRefusal, type Reader, type RefusalTable } from "@/lib/refusals";
import { findSmsAccount } from "@/lib/sms/accounts";
import { can, type Permission } from "./permissions";
import { getSessionUser, type SessionUser } from "./session";

/**
 * The form contract of every server action, typed by the form's fields `F`. Messages are already translated.
 * `values` come back only with a refusal, and only the fields the action marks safe to echo (never a card number,
 * an IBAN or a password), so a refused form comes back filled in.
 */
export type FormState<F extends string = string> = {
  ok?: boolean;
  message?: string;
  errors?: Partial<Record<F, string[]>>;
  values?: Partial<Record<F, string>>;
  /** Changes with each answer, so the form can tell a new answer from the previous one (focus, re-mount). */
  at?: number;
  /** Data of a success for the page to show (ids, a re-credit's invoice), already formatted. */
  result?: Record<string, string>;
  /** The idempotency token of the form's next submission (forms of idempotent actions). */
  token?: string;
};

export type FormAction<F extends string = string> = (previous: FormState<F>, formData: FormData) => Promise<FormState<F>>;

/** What `run` answers: a success (its message and data), or a refusal of the action's refusal table. */
export type Done = { ok?: true; message?: string; result?: Record<string, string> };
type Answer<R> = Done | void | ({ ok: false } & R);

type Translate = Awaited<ReturnType<typeof getTranslations>>;
/** What every action gets: the signed-in user and their customer, the database, the reader and the ledger's actor. */
export type ActionContext = {
  user: SessionUser;
  customer: SessionUser["customer"];
  db: Db;
  t: Translate;
  locale: string;
  actor: Actor;
  /** The idempotency claim of a form's token, in the customer's scope. */
  idempotency: (token: string) => IdempotencyClaim;
};
/** What an action on one SMS account gets too: the account, loaded through the customer's scope. */
export type AccountContext = ActionContext & {
  account: SmsAccount;
  /** The only way an action names the account to a domain function: the customer and the account's name. */
  scope: { customerAccountId: number; serviceName: string };
};

type Fields<S extends z.ZodType> = Extract<keyof z.input<S>, string>;
type Options<S extends z.ZodType, R extends { code: string }> = {
  permission: Permission;
  schema: S;
  /** The refusals `run` may answer (one table, or several joined with mergeRefusals). */
  refusals?: RefusalTable<R>;
  /** Fields safe to send back with a refusal. */
  echo?: readonly Fields<S>[];
  /** The form carries an idempotency token (`token`): each answer of the domain ends it and brings the next one. */
  idempotent?: true;
};

/**
 * The chain of every action (dub's safe-action clients as the model): session → role → input → (account) → run.
 * Each link answers its own refusal as a form state; `run` answers a value and never throws an expected refusal.
 */
function chain<S extends z.ZodType, R extends { code: string }, C extends ActionContext>(
  options: Options<S, R>,
  scoped: (input: z.infer<S>, ctx: ActionContext) => Promise<C | ({ ok: false } & R) | null>,
  run: (input: z.infer<S>, ctx: C) => Promise<Answer<R>>,
): FormAction<Fields<S>> {
  type F = Fields<S>;
  return async (_previous, formData) => {
    const submitted = formValues(formData);
    const token = options.idempotent ? submitted.token : undefined;
    const values = Object.fromEntries((options.echo ?? []).flatMap((f) => (f in submitted ? [[f, submitted[f]]] : []))) as FormState<F>["values"];
    const refused = (message: string, errors?: FormState<F>["errors"], nextToken = token): FormState<F> => ({ ok: false, message, errors, values, token: nextToken, at: Date.now() });

    const t = await getTranslations();
    const user = await getSessionUser();
    if (!user) return refused(t("errors.sessionExpired"));
    if (!can(user.role, options.permission)) return refused(t("errors.forbidden"));
    const parsed = options.schema.safeParse(submitted);
    if (!parsed.success) {
      const errors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.message.startsWith("validation.") ? issue.message : "validation.invalid";
        (errors[String(issue.path[0] ?? "form")] ??= []).push(t(key as never));
      }
      return refused(t("errors.checkFields"), errors as FormState<F>["errors"]);
    }

    const locale = await getLocale();
    const reader: Reader = { t: t as unknown as Reader["t"], locale };
    const describe = (refusal: { ok: false } & R): FormState<F> => {
      const d = describeRefusal(options.refusals ?? ({} as RefusalTable<R>), refusal, reader);
      const next = d.keepToken ? token : token && newFormToken();
      return refused(d.message, d.field ? ({ [d.field]: [d.message] } as FormState<F>["errors"]) : undefined, next);
    };
    const ctx: ActionContext = {
      user,
      customer: user.customer,
      db: await getDb(),
      t,
      locale,
      actor: { type: "user", userId: user.id, label: user.email },
      idempotency: (key) => ({ scope: panelScope(user.customer.id), key }),
    };
    const scope = await scoped(parsed.data, ctx);
    if (scope === null) return refused(t("errors.accountNotFound"));
    if ("ok" in scope) return describe(scope);

    const answer = await run(parsed.data, scope);
    if (answer && answer.ok === false) return describe(answer as { ok: false } & R);
    return { ok: true, message: answer?.message, result: answer?.result, token: token && newFormToken(), at: Date.now() };
  };
}

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

/** An action of the signed-in user on their customer account. */
export function userAction<S extends z.ZodType, R extends { code: string } = never>(
  options: Options<S, R>,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<Answer<NoInfer<R>>>,
): FormAction<Fields<S>> {
  return chain(options, async (_input, ctx) => ctx, run);
}

/**
 * An action on one SMS account of the user's customer: the account named by the form's `account` field
 * (`serviceName` by default) is loaded through the customer-scoped lookup before `run`, which gets it with its
 * `scope`; another customer's account never reaches `run`. Not found: the table's `notFound` code, or the generic
 * "does not exist or is not one of yours".
 */
export function accountAction<S extends z.ZodType, R extends { code: string } = never>(
  options: Options<S, R> & { account?: Fields<S>; notFound?: R["code"] },
  run: (input: z.infer<S>, ctx: AccountContext) => Promise<Answer<NoInfer<R>>>,
): FormAction<Fields<S>> {
  return chain(
    options,
    async (input, ctx) => {
      const name = String((input as Record<string, unknown>)[options.account ?? "serviceName"] ?? "");
      const account = await findSmsAccount(ctx.db, ctx.customer.id, name);
      if (!account) return options.notFound ? ({ ok: false, code: options.notFound } as { ok: false } & R) : null;
      return { ...ctx, account, scope: { customerAccountId: account.customerAccountId, serviceName: account.serviceName } };
    },
    run,
  );
}
