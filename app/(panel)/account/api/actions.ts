"use server";

import { revalidatePath } from "next/cache";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { createApplication, deleteApplication, revokeCredential } from "@/lib/api/credentials";
import { env } from "@/lib/env";
import { createApplicationForm, idForm } from "@/lib/validation/forms";

export const createApplicationAction = userAction(
  {
    permission: "manageApiKeys",
    schema: createApplicationForm,
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
  { permission: "manageApiKeys", schema: idForm },
  async ({ id }, { user, db, t }) => {
    if (!(await revokeCredential(db, user.customer.id, id))) throw new ActionRefusal("accountNotFound");
    revalidatePath("/account/api");
    return { message: t("api.revoked") };
  },
);

/** Deletes an application (its consumer keys stop working at once): the same domain function any caller uses. */
export const deleteApplicationAction = userAction(
  { permission: "manageApiKeys", schema: idForm },
  async ({ id }, { user, db, t }) => {
    if (!(await deleteApplication(db, user.customer.id, id))) throw new ActionRefusal("accountNotFound");
    revalidatePath("/account/api");
    return { message: t("api.deleted") };
  },
);
