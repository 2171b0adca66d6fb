"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { createApplication, revokeCredential } from "@/lib/api/credentials";
import { env } from "@/lib/env";

export const createApplicationAction = userAction(
  {
    permission: "manageApiKeys",
    schema: z.object({
      name: z.string().trim().min(1, "validation.required").max(60, "validation.invalid"),
      description: z.string().trim().max(200, "validation.invalid").optional().default(""),
    }),
  },
  async (input, { user, db, t }) => {
    const { application, secret } = await createApplication(db, {
      customerAccountId: user.customer.id,
      userId: user.id,
      name: input.name,
      description: input.description,
      authSecret: env().AUTH_SECRET,
    });
    revalidatePath("/account/api");
    return { message: t("api.created"), result: { applicationKey: application.applicationKey, applicationSecret: secret } };
  },
);

export const revokeCredentialAction = userAction(
  { permission: "manageApiKeys", schema: z.object({ id: z.coerce.number().int().positive() }) },
  async ({ id }, { user, db, t }) => {
    if (!(await revokeCredential(db, user.customer.id, id))) throw new ActionRefusal("accountNotFound");
    revalidatePath("/account/api");
    return { message: t("api.revoked") };
  },
);
