"use server";

import { userAction } from "@/lib/auth/action";
import { CREDENTIAL_REFUSALS, decideCredential } from "@/lib/api/credentials";
import { decideCredentialForm } from "@/lib/validation/forms";

export const decideAction = userAction(
  { permission: "read", schema: decideCredentialForm, refusals: CREDENTIAL_REFUSALS },
  async ({ token, decision, validity }, { user, customer, db, t }) => {
    const decided = await decideCredential(db, { token, userId: user.id, role: user.role, customerAccountId: customer.id, grant: decision === "grant", validity });
    if (!decided.ok) return decided;
    const { credential } = decided;
    // No automatic redirect to an address the application chose: the page shows it as a link.
    return {
      message: credential.status === "validated" ? t("api.granted") : t("api.refused"),
      result: credential.status === "validated" && credential.redirection ? { redirection: credential.redirection } : undefined,
    };
  },
);
