"use server";

import { z } from "zod";
import { ActionRefusal, userAction } from "@/lib/auth/action";
import { decideCredential, VALIDITIES } from "@/lib/api/credentials";

export const decideAction = userAction(
  {
    permission: "read",
    schema: z.object({
      token: z.string().min(10).max(64),
      decision: z.enum(["grant", "refuse"]),
      validity: z.enum(Object.keys(VALIDITIES) as [keyof typeof VALIDITIES, ...Array<keyof typeof VALIDITIES>]),
    }),
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
