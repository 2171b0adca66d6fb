"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { DESCRIPTION_MAX_LENGTH, updateDescription } from "@/lib/sms-accounts";

const descriptionSchema = z.object({
  serviceName: z.string().min(1, "validation.required"),
  description: z.string().trim().max(DESCRIPTION_MAX_LENGTH, "validation.descriptionTooLong"),
});

export const saveDescription = userAction(
  { permission: "editAccount", schema: descriptionSchema },
  async ({ serviceName, description }, { user, db }) => {
    const account = await updateDescription(db, user.customer.id, serviceName, description);
    if (!account) throw new ActionRefusal("accountNotFound");
    revalidatePath(`/telecom/sms/${account.serviceName}`, "layout");
    return { message: "saved" };
  },
);
