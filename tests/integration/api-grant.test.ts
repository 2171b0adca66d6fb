import { expect, it } from "vitest";
import { createApplication, decideCredential, findCredentialByToken, requestCredential } from "@/lib/api/credentials";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

describeOnBothDrivers("granting a consumer key", (ctx) => {
  it("needs a role that may change the account: a viewer cannot grant, and the key stays pending", async () => {
    const db = ctx.handle.db;
    const { customerId, userId } = await makeCustomer(db, { balances: [] });
    const { application } = await createApplication(db, { customerAccountId: customerId, userId, name: "script", description: "", authSecret: "s".repeat(32) });
    const credential = await requestCredential(db, { application, rules: [{ method: "POST", path: "/sms/*" }] });
    const decide = (role: "admin" | "billing" | "viewer", grant = true) =>
      decideCredential(db, { token: credential.validationToken, userId, role, customerAccountId: customerId, grant, validity: "1d" });

    expect(await decide("viewer")).toEqual({ ok: false, code: "roleCannotGrant" });
    expect((await findCredentialByToken(db, credential.validationToken, customerId))?.credential.status).toBe("pendingValidation");

    const granted = await decide("billing");
    expect(granted).toMatchObject({ ok: true, credential: { status: "validated", userId } });
    expect(await decide("admin")).toEqual({ ok: false, code: "alreadyDecided" });
  });
});
