"use server";

import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { cardForm, idForm, sepaForm } from "@/lib/validation/forms";
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
    schema: sepaForm,
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
    schema: cardForm,
  },
  async (input, { user, db, t }) => {
    const result = await addCard(db, { customerAccountId: user.customer.id, ...input });
    settle(result, (code) => (code.startsWith("card_number") ? "number" : code.startsWith("card_exp") ? "expiry" : code === "holder_required" ? "holder" : undefined));
    return { message: t("paymentMethods.cardAdded", { masked: result.ok ? result.method.maskedNumber : "" }) };
  },
);

export const validateAction = userAction({ permission: "managePaymentMethods", schema: idForm }, async ({ id }, { user, db, t }) => {
  const result = await validatePendingMandate(db, user.customer.id, id);
  settle(result);
  return { message: result.ok && result.method.status === "valid" ? t("paymentMethods.validated") : t("paymentMethods.refusedByBank") };
});

export const revokeAction = userAction({ permission: "managePaymentMethods", schema: idForm }, async ({ id }, { user, db, t }) => {
  settle(await revokeMethod(db, user.customer.id, id));
  return { message: t("paymentMethods.revoked") };
});

export const setDefaultAction = userAction({ permission: "managePaymentMethods", schema: idForm }, async ({ id }, { user, db, t }) => {
  settle(await setDefaultMethod(db, user.customer.id, id));
  return { message: t("paymentMethods.defaultSet") };
});
