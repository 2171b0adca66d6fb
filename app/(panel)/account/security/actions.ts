"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Db } from "@/db/client";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { clientAddress } from "@/lib/http/request-origin";
import { takeLoginAttempt } from "@/lib/auth/login";
import { changePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, checkUserPassword } from "@/lib/auth/password";
import { revokeUserSession } from "@/lib/auth/sessions";
import { cancelTotpSetup, confirmTotp, disableTotp, startTotpSetup } from "@/lib/auth/totp";
import { env } from "@/lib/env";

/**
 * Guesses of a password or code on this page count against the same limits as the login's: a session left open
 * cannot be used to try passwords at leisure. Returns what gives the point back when the proof was right.
 */
async function takeAttempt(db: Db, email: string): Promise<() => Promise<void>> {
  const attempt = await takeLoginAttempt(db, email, clientAddress(await headers()));
  if (!attempt.ok) throw new ActionRefusal("security.throttled", { minutes: Math.max(1, Math.ceil(attempt.retryAfterSeconds / 60)) });
  return attempt.giveBack;
}

const required = z.string().min(1, "validation.required").max(PASSWORD_MAX_LENGTH, "validation.invalid");

export const changePasswordAction = userAction(
  {
    permission: "read",
    secret: ["current", "next", "confirm"],
    schema: z
      .object({ current: required, next: required, confirm: required })
      .refine((v) => v.next === v.confirm, { message: "validation.passwordMismatch", path: ["confirm"] }),
  },
  async (input, { user, db, t }) => {
    const giveBack = await takeAttempt(db, user.email);
    const result = await changePassword(db, { userId: user.id, current: input.current, next: input.next, keepSessionId: user.sessionId });
    if (!result.ok) {
      if (result.code !== "wrong_password") await giveBack();
      if (result.code === "wrong_password") throw new ActionRefusal("security.wrongPassword", {}, "current");
      if (result.code === "too_short") throw new ActionRefusal("security.passwordTooShort", { min: PASSWORD_MIN_LENGTH }, "next");
      if (result.code === "too_long") throw new ActionRefusal("security.passwordTooLong", { max: PASSWORD_MAX_LENGTH }, "next");
      throw new ActionRefusal("security.passwordUnchanged", {}, "next");
    }
    await giveBack();
    revalidatePath("/account/security");
    return { message: t("security.passwordChanged", { count: result.endedSessions }) };
  },
);

export const endSessionAction = userAction(
  { permission: "read", schema: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, "validation.invalid") }) },
  async ({ id }, { user, db, t }) => {
    if (id === user.sessionId || !(await revokeUserSession(db, user.id, id))) throw new ActionRefusal("security.sessionNotFound");
    revalidatePath("/account/security");
    return { message: t("security.sessionEnded") };
  },
);

export const startTotpAction = userAction({ permission: "read", schema: z.object({}) }, async (_input, { user, db }) => {
  const started = await startTotpSetup(db, user, env().AUTH_SECRET);
  if (!started.ok) throw new ActionRefusal("security.alreadyEnabled");
  revalidatePath("/account/security");
});

export const cancelTotpAction = userAction({ permission: "read", schema: z.object({}) }, async (_input, { user, db }) => {
  await cancelTotpSetup(db, user.id);
  revalidatePath("/account/security");
});

/** Turning the second step on needs the password too: a hijacked session must not be able to lock the owner out. */
export const confirmTotpAction = userAction(
  { permission: "read", secret: ["password", "code"], schema: z.object({ password: required, code: z.string().trim().min(1, "validation.required").max(64, "validation.invalid") }) },
  async (input, { user, db, t }) => {
    const giveBack = await takeAttempt(db, user.email);
    if (!(await checkUserPassword(db, user.id, input.password))) throw new ActionRefusal("security.wrongPassword", {}, "password");
    const confirmed = await confirmTotp(db, user.id, input.code, env().AUTH_SECRET);
    if (!confirmed.ok) {
      if (confirmed.code === "invalid_code") throw new ActionRefusal("security.invalidCode", {}, "code");
      await giveBack();
      throw new ActionRefusal("security.notPending");
    }
    await giveBack();
    revalidatePath("/account/security");
    return { message: t("security.totpEnabled"), result: { recoveryCodes: confirmed.recoveryCodes.join(" ") } };
  },
);

export const disableTotpAction = userAction(
  {
    permission: "read",
    secret: ["code", "password"],
    schema: z
      .object({ code: z.string().trim().max(64, "validation.invalid").optional(), password: z.string().max(PASSWORD_MAX_LENGTH, "validation.invalid").optional() })
      .refine((v) => Boolean(v.code || v.password), { message: "validation.codeOrPassword", path: ["code"] }),
  },
  async (input, { user, db, t }) => {
    const giveBack = await takeAttempt(db, user.email);
    const result = await disableTotp(db, user.id, { code: input.code, password: input.password }, env().AUTH_SECRET);
    if (!result.ok) {
      if (result.code === "invalid_proof") throw new ActionRefusal("security.invalidProof", {}, "code");
      await giveBack();
      throw new ActionRefusal("security.notEnabled");
    }
    await giveBack();
    revalidatePath("/account/security");
    return { message: t("security.totpDisabled") };
  },
);
