import { creditsToNumber, type Credits } from "./credits/amounts";

/**
 * The one refusal pipeline. A domain function answers an expected refusal as a value `{ ok: false, code, ...values }`;
 * its module declares every code once, in a refusal table: the form field the refusal belongs to, the HTTP status the
 * API answers and the key of its message. Server actions, forms and the API all read that table (describeRefusal).
 */
export type RefusalStatus = 400 | 404 | 409;
export type MessageParams = Record<string, string | number | Date>;
/** Who reads the message: a translator of the "errors" catalog and the locale of formatted values. */
export type Reader = { t: (key: string, values?: MessageParams) => string; locale: string };

/** One row of a refusal table: what a code means outside the domain. */
export type RefusalSpec<R = unknown> = {
  /** The form field the message shows under (none: the message shows above the form). */
  field?: string;
  /** The field, when the refusal itself names it (one rule for two URLs). */
  fieldOf?(refusal: R): string | undefined;
  /** The API's HTTP status (400 when not given). */
  status?: RefusalStatus;
  /** The message's key under "errors" (`<namespace>.<code>` when not given). */
  message?: string;
  /** Values of the message that depend on the reader (a reason in their language, country names). */
  params?(refusal: R, reader: Reader): MessageParams;
  /** The refusal leaves the form's idempotency token in use (paying again must find the same pending order). */
  keepToken?: true;
};

/** Every code of the refusal union `R`, each declared once. */
export type RefusalTable<R extends { code: string } = { code: string }> = {
  readonly [C in R["code"]]: RefusalSpec<Extract<R, { code: C }>> & { message: string };
} & { readonly [refusalType]?: R };
declare const refusalType: unique symbol;

/** Declares the refusal table of a domain module; the compiler checks every code of `R` is in it, and no other. */
export function refusalTable<R extends { code: string }>(
  namespace: string,
  specs: { [C in R["code"]]: RefusalSpec<Extract<R, { code: C }>> },
): RefusalTable<R> {
  const entries = Object.entries(specs as Record<string, RefusalSpec>);
  return Object.fromEntries(entries.map(([code, spec]) => [code, { ...spec, message: spec.message ?? `${namespace}.${code}` }])) as RefusalTable<R>;
}

/** The refusals of an action whose steps call several domain modules (a password check after the throttle's). */
export function mergeRefusals<A extends { code: string }, B extends { code: string }>(a: RefusalTable<A>, b: RefusalTable<B>): RefusalTable<A | B> {
  return { ...a, ...b } as RefusalTable<A | B>;
}

export type DescribedRefusal = { code: string; status: RefusalStatus; field?: string; message: string; keepToken: boolean };

/**
 * A refusal as its reader sees it: the translated message, the field it belongs to and the API's status. Credit
 * amounts become numbers, which the message formats in the reader's locale (`{x, number}`, or a plural that agrees
 * the unit); dates stay dates (`{x, date, long}`); other text and numbers pass through.
 */
export function describeRefusal<R extends { code: string }>(table: RefusalTable<R>, refusal: R, reader: Reader): DescribedRefusal {
  const spec = (table as Record<string, RefusalSpec<R> & { message: string }>)[refusal.code];
  if (!spec) throw new Error(`Refusal code ${refusal.code} is not in its table`);
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(refusal) as Array<[string, unknown]>) {
    if (name === "code" || name === "ok") continue;
    if (typeof value === "bigint") params[name] = creditsToNumber(value as Credits);
    else if (typeof value === "string" || typeof value === "number" || value instanceof Date) params[name] = value;
  }
  Object.assign(params, spec.params?.(refusal, reader));
  return {
    code: refusal.code,
    status: spec.status ?? 400,
    field: spec.fieldOf?.(refusal) ?? spec.field,
    message: reader.t(`errors.${spec.message}`, params),
    keepToken: spec.keepToken === true,
  };
}

/** A refusal made where no domain function makes it (a lookup that found nothing): `refused("not_found")`. */
export function refused<C extends string, V extends Record<string, unknown> = Record<never, never>>(code: C, values?: V): { ok: false; code: C } & V {
  return { ok: false, code, ...(values as V) };
}
