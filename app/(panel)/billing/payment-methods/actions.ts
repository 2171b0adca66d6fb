"use server";

import { revalidatePath } from "next/cache";
import { userAction, type Done } from "@/lib/auth/action";
import { addCard, addSepaMandate, METHOD_REFUSALS, revokeMethod, setDefaultMethod, validatePendingMandate, type MethodResult } from "@/lib/billing/payment-methods";
import { cardForm, idForm, sepaForm } from "@/lib/validation/forms";

/** A method's change answered: the refusal as it is, or the pages that show methods refreshed and the message. */
function settle(result: MethodResult, message: (method: Extract<MethodResult, { ok: true }>["method"]) => string) {
  if (!result.ok) return result;
  revalidatePath("/billing/payment-methods");
  revalidatePath("/telecom/sms", "layout");
  return { message: message(result.method) } satisfies Done;
}

const on = { permission: "managePaymentMethods", refusals: METHOD_REFUSALS } as const;

export const addSepaAction = userAction({ ...on, schema: sepaForm, echo: ["holder", "bic", "acceptMandate"] }, async (input, { customer, db, t }) =>
  settle(await addSepaMandate(db, { customerAccountId: customer.id, ...input, acceptMandate: true }), (m) => t("paymentMethods.sepaAdded", { masked: m.maskedNumber })),
);

export const addCardAction = userAction({ ...on, schema: cardForm, echo: ["holder", "expiry"] }, async (input, { customer, db, t }) =>
  settle(await addCard(db, { customerAccountId: customer.id, ...input }), (m) => t("paymentMethods.cardAdded", { masked: m.maskedNumber })),
);

export const validateAction = userAction({ ...on, schema: idForm }, async ({ id }, { customer, db, t }) =>
  settle(await validatePendingMandate(db, customer.id, id), (m) => (m.status === "valid" ? t("paymentMethods.validated") : t("paymentMethods.refusedByBank"))),
);

export const revokeAction = userAction({ ...on, schema: idForm }, async ({ id }, { customer, db, t }) =>
  settle(await revokeMethod(db, customer.id, id), () => t("paymentMethods.revoked")),
);

export const setDefaultAction = userAction({ ...on, schema: idForm }, async ({ id }, { customer, db, t }) =>
  settle(await setDefaultMethod(db, customer.id, id), () => t("paymentMethods.defaultSet")),
);
