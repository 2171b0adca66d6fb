"use server";

import { ActionRefusal, userAction } from "@/lib/auth/action";
import { decideCredential } from "@/lib/api/credentials";
import { decideCredentialForm } from "@/lib/validation/forms";

export const decideAction = userAction(
  {
    permission: "read",
    schema: decideCredentialForm,
  },
  async (input, { user, db, t }) => {
    const decided = await decideCredential(db, {
      token: input.token,
      userId: user.id,
      role: user.role,
      customerAccountId: user.customer.id,
      grant: input.decision === "grant",
      validity: input.validity,
    });
    if (!decided.ok) throw new ActionRefusal(`api.${decided.code}`);
    const { credential } = decided;
    // No automatic redirect to an address the application chose: the page shows it as a link.
    return {
      message: credential.status === "validated" ? t("api.granted") : t("api.refused"),
      result: credential.status === "validated" && credential.redirection ? { redirection: credential.redirection } : undefined,
    };
  },
);
