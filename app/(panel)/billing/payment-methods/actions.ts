"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { addCard, addSepaMandate, revokeMethod, setDefaultMethod, validatePendingMandate, type MethodResult } from "@/lib/payment-methods";

function settle(result: MethodResult, field?: (code: string) => string | undefined) {
  if (!result.ok) throw new ActionRefusal(`paymentMethods.${result.code}`, {}, field?.(result.code));
  revalidatePath("/billing/payment-methods");
  revalidatePath("/telecom/sms", "layout");
}

export const addSepaAction = userAction(
  {
    permission: "managePaymentMethods",
    secret: ["iban"],
    schema: z.object({
      holder: z.string().trim().min(1, "validation.required").max(100, "validation.invalid"),
      iban: z.string().trim().min(1, "validation.required").max(50, "validation.invalid"),
      bic: z.string().trim().min(1, "validation.required").max(20, "validation.invalid"),
      acceptMandate: z.literal("on", { message: "validation.acceptMandate" }),
    }),
  },
  async (input, { user, db, t }) => {
    const result = await addSepaMandate(db, { customerAccountId: user.customer.id, ...input, acceptMandate: true });
    settle(result, (code) => (code === "iban_invalid" ? "iban" : code === "bic_invalid" ? "bic" : code === "holder_required" ? "holder" : undefined));
    return { message: t("paymentMethods.sepaAdded", { masked: result.ok ? result.method.maskedNumber : "" }) };
  },
);

export const addCardAction = userAction(
  {
    permission: "managePaymentMethods",
    secret: ["number"],
    schema: z.object({
      holder: z.string().trim().min(1, "validation.required").max(100, "validation.invalid"),
      number: z.string().trim().min(1, "validation.required").max(30, "validation.invalid"),
      expiry: z.string().trim().min(1, "validation.required").max(7, "validation.invalid"),
    }),
  },
  async (input, { user, db, t }) => {
    const result = await addCard(db, { customerAccountId: user.customer.id, ...input });
    settle(result, (code) => (code.startsWith("card_number") ? "number" : code.startsWith("card_exp") ? "expiry" : code === "holder_required" ? "holder" : undefined));
    return { message: t("paymentMethods.cardAdded", { masked: result.ok ? result.method.maskedNumber : "" }) };
  },
);

const idSchema = z.object({ id: z.coerce.number().int().positive() });

export const validateAction = userAction({ permission: "managePaymentMethods", schema: idSchema }, async ({ id }, { user, db, t }) => {
  const result = await validatePendingMandate(db, user.customer.id, id);
  settle(result);
  return { message: result.ok && result.method.status === "valid" ? t("paymentMethods.validated") : t("paymentMethods.refusedByBank") };
});

export const revokeAction = userAction({ permission: "managePaymentMethods", schema: idSchema }, async ({ id }, { user, db, t }) => {
  settle(await revokeMethod(db, user.customer.id, id));
  return { message: t("paymentMethods.revoked") };
});

export const setDefaultAction = userAction({ permission: "managePaymentMethods", schema: idSchema }, async ({ id }, { user, db, t }) => {
  settle(await setDefaultMethod(db, user.customer.id, id));
  return { message: t("paymentMethods.defaultSet") };
});
