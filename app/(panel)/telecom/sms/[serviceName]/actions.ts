"use server";

import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { descriptionForm } from "@/lib/validation/forms";
import { refusalMessage } from "@/lib/refusals";
import { updateDescription } from "@/lib/sms-accounts";

export const saveDescription = userAction(
  { permission: "editAccount", schema: descriptionForm },
  async ({ serviceName, description }, { user, db }) => {
    const result = await updateDescription(db, user.customer.id, serviceName, description);
    if (!result.ok && result.code === "account_not_found") throw new ActionRefusal("accountNotFound");
    if (!result.ok) {
      const { key, params } = refusalMessage("account", result);
      throw new ActionRefusal(key, params, "description");
    }
    revalidatePath(`/telecom/sms/${result.account.serviceName}`, "layout");
    return { message: "saved" };
  },
);
