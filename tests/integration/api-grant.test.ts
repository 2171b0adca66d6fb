import { expect, it } from "vitest";
import {
  createApplication,
  credentialStatus,
  decideCredential,
  deleteApplication,
  findCredentialByToken,
  listApplications,
  loadPrincipal,
  PENDING_VALIDITY_MS,
  requestCredential,
} from "@/lib/api/credentials";
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

  it("deletes an application of the customer only: its granted key stops at once, and it leaves the list", async () => {
    const db = ctx.handle.db;
    const { customerId, userId } = await makeCustomer(db, { balances: [] });
    const other = await makeCustomer(db, { balances: [] });
    const { application } = await createApplication(db, { customerAccountId: customerId, userId, name: "script", description: "", authSecret: "s".repeat(32) });
    const credential = await requestCredential(db, { application, rules: [{ method: "GET", path: "/*" }] });
    await decideCredential(db, { token: credential.validationToken, userId, role: "admin", customerAccountId: customerId, grant: true, validity: "1d" });
    expect((await loadPrincipal(db, application.applicationKey, credential.consumerKey)).ok).toBe(true);

    expect(await deleteApplication(db, other.customerId, application.id)).toBe(false); // not theirs
    expect(await deleteApplication(db, customerId, application.id)).toBe(true);
    expect(await deleteApplication(db, customerId, application.id)).toBe(false); // once
    expect((await loadPrincipal(db, application.applicationKey, credential.consumerKey)).ok).toBe(false);
    expect(await listApplications(db, customerId)).toEqual([]);
  });

  it("reads a pending request older than a day as expired, and refuses to grant it", async () => {
    const db = ctx.handle.db;
    const { customerId, userId } = await makeCustomer(db, { balances: [] });
    const { application } = await createApplication(db, { customerAccountId: customerId, userId, name: "late", description: "", authSecret: "s".repeat(32) });
    const credential = await requestCredential(db, { application, rules: [{ method: "GET", path: "/*" }] });
    const later = new Date(credential.createdAt.getTime() + PENDING_VALIDITY_MS);
    expect(credentialStatus(credential, new Date(later.getTime() - 1))).toBe("pendingValidation");
    expect(credentialStatus(credential, later)).toBe("expired");
    expect(await decideCredential(db, { token: credential.validationToken, userId, role: "admin", customerAccountId: customerId, grant: true, validity: "1d", now: later })).toEqual({
      ok: false,
      code: "alreadyDecided",
    });
  });
});
