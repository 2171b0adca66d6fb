"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/auth/action";
import { CREDENTIAL_REFUSALS, createApplication, deleteApplication, revokeCredential } from "@/lib/api/credentials";
import { env } from "@/lib/env";
import { refused } from "@/lib/refusals";
import { createApplicationForm, idForm } from "@/lib/validation/forms";

export const createApplicationAction = userAction(
  { permission: "manageApiKeys", schema: createApplicationForm },
  async ({ name, description }, { user, customer, db, t }) => {
    const authSecret = env().AUTH_SECRET;
    const { application, secret } = await createApplication(db, { customerAccountId: customer.id, userId: user.id, name, description, authSecret });
    revalidatePath("/account/api");
    return { message: t("api.created"), result: { applicationKey: application.applicationKey, applicationSecret: secret } };
  },
);

export const revokeCredentialAction = userAction(
  { permission: "manageApiKeys", schema: idForm, refusals: CREDENTIAL_REFUSALS },
  async ({ id }, { customer, db, t }) => {
    if (!(await revokeCredential(db, customer.id, id))) return refused("not_found");
    revalidatePath("/account/api");
    return { message: t("api.revoked") };
  },
);

/** Deletes an application (its consumer keys stop working at once): the same domain function any caller uses. */
export const deleteApplicationAction = userAction(
  { permission: "manageApiKeys", schema: idForm, refusals: CREDENTIAL_REFUSALS },
  async ({ id }, { customer, db, t }) => {
    if (!(await deleteApplication(db, customer.id, id))) return refused("not_found");
    revalidatePath("/account/api");
    return { message: t("api.deleted") };
  },
);
