"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Db } from "@/db/client";
import { userAction } from "@/lib/auth/action";
import { clientAddress } from "@/lib/http/request-origin";
import { takeLoginAttempt, THROTTLE_REFUSALS, throttled } from "@/lib/auth/login";
import { changePassword, PASSWORD_MAX_LENGTH, PASSWORD_REFUSALS, checkUserPassword } from "@/lib/auth/password";
import { revokeUserSession, SESSION_REFUSALS } from "@/lib/auth/sessions";
import { cancelTotpSetup, confirmTotp, disableTotp, startTotpSetup, TOTP_REFUSALS } from "@/lib/auth/totp";
import { env } from "@/lib/env";
import { mergeRefusals, refused } from "@/lib/refusals";

/**
 * Guesses of a password or code on this page count against the same limits as the login's: a session left open
 * cannot be used to try passwords at leisure. Answers what gives the point back when the proof was right, or the
 * refusal of a spent allowance.
 */
async function takeAttempt(db: Db, email: string) {
  const attempt = await takeLoginAttempt(db, email, clientAddress(await headers()));
  return attempt.ok ? attempt : throttled(attempt.retryAfterSeconds);
}

const required = z.string().min(1, "validation.required").max(PASSWORD_MAX_LENGTH, "validation.invalid");

export const changePasswordAction = userAction(
  {
    permission: "read",
    refusals: mergeRefusals(PASSWORD_REFUSALS, THROTTLE_REFUSALS),
    schema: z
      .object({ current: required, next: required, confirm: required })
      .refine((v) => v.next === v.confirm, { message: "validation.passwordMismatch", path: ["confirm"] }),
  },
  async (input, { user, db, t }) => {
    const attempt = await takeAttempt(db, user.email);
    if (!attempt.ok) return attempt;
    const result = await changePassword(db, { userId: user.id, current: input.current, next: input.next, keepSessionId: user.sessionId });
    // A wrong password keeps its point; any other answer gives it back.
    if (result.ok || result.code !== "wrong_password") await attempt.giveBack();
    if (!result.ok) return result;
    revalidatePath("/account/security");
    return { message: t("security.passwordChanged", { count: result.endedSessions }) };
  },
);

export const endSessionAction = userAction(
  { permission: "read", refusals: SESSION_REFUSALS, schema: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, "validation.invalid") }) },
  async ({ id }, { user, db, t }) => {
    if (id === user.sessionId || !(await revokeUserSession(db, user.id, id))) return refused("session_not_found");
    revalidatePath("/account/security");
    return { message: t("security.sessionEnded") };
  },
);

export const startTotpAction = userAction({ permission: "read", refusals: TOTP_REFUSALS, schema: z.object({}) }, async (_input, { user, db }) => {
  const started = await startTotpSetup(db, user, env().AUTH_SECRET);
  if (!started.ok) return started;
  revalidatePath("/account/security");
});

export const cancelTotpAction = userAction({ permission: "read", schema: z.object({}) }, async (_input, { user, db }) => {
  await cancelTotpSetup(db, user.id);
  revalidatePath("/account/security");
});

/** Turning the second step on needs the password too: a hijacked session must not be able to lock the owner out. */
export const confirmTotpAction = userAction(
  {
    permission: "read",
    refusals: mergeRefusals(TOTP_REFUSALS, THROTTLE_REFUSALS),
    schema: z.object({ password: required, code: z.string().trim().min(1, "validation.required").max(64, "validation.invalid") }),
  },
  async (input, { user, db, t }) => {
    const attempt = await takeAttempt(db, user.email);
    if (!attempt.ok) return attempt;
    if (!(await checkUserPassword(db, user.id, input.password))) return refused("wrong_password");
    const confirmed = await confirmTotp(db, user.id, input.code, env().AUTH_SECRET);
    if (confirmed.ok || confirmed.code !== "invalid_code") await attempt.giveBack();
    if (!confirmed.ok) return confirmed;
    revalidatePath("/account/security");
    return { message: t("security.totpEnabled"), result: { recoveryCodes: confirmed.recoveryCodes.join(" ") } };
  },
);

export const disableTotpAction = userAction(
  {
    permission: "read",
    refusals: mergeRefusals(TOTP_REFUSALS, THROTTLE_REFUSALS),
    schema: z
      .object({ code: z.string().trim().max(64, "validation.invalid").optional(), password: z.string().max(PASSWORD_MAX_LENGTH, "validation.invalid").optional() })
      .refine((v) => Boolean(v.code || v.password), { message: "validation.codeOrPassword", path: ["code"] }),
  },
  async (input, { user, db, t }) => {
    const attempt = await takeAttempt(db, user.email);
    if (!attempt.ok) return attempt;
    const result = await disableTotp(db, user.id, { code: input.code, password: input.password }, env().AUTH_SECRET);
    if (result.ok || result.code !== "invalid_proof") await attempt.giveBack();
    if (!result.ok) return result;
    revalidatePath("/account/security");
    return { message: t("security.totpDisabled") };
  },
);
