"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { refusalMessage } from "@/lib/refusals";
import { updateDescription } from "@/lib/sms-accounts";

const descriptionSchema = z.object({
  serviceName: z.string().min(1, "validation.required"),
  description: z.string(),
});

export const saveDescription = userAction(
  { permission: "editAccount", schema: descriptionSchema },
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
