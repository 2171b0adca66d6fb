"use server";

import { revalidatePath } from "next/cache";
import { accountAction } from "@/lib/auth/action";
import { ACCOUNT_REFUSALS, updateDescription } from "@/lib/sms/accounts";
import { descriptionForm } from "@/lib/validation/forms";

export const saveDescription = accountAction(
  { permission: "editAccount", schema: descriptionForm, refusals: ACCOUNT_REFUSALS, echo: ["description"] },
  async ({ description }, { db, scope }) => {
    const result = await updateDescription(db, scope.customerAccountId, scope.serviceName, description);
    if (!result.ok) return result;
    revalidatePath(`/telecom/sms/${result.account.serviceName}`, "layout");
  },
);
