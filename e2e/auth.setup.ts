import { expect, test as setup } from "@playwright/test";
import { logIn, storage } from "./helpers";

// Signs each demo user in once; journeys reuse the saved session.
for (const [who, email] of [
  ["admin", "admin@demo.test"],
  ["billing", "billing@demo.test"],
  ["viewer", "viewer@demo.test"],
  ["fr-admin", "fr-admin@demo.test"],
  ["transfers", "transfers@e2e.test"],
  ["buyer", "buyer@e2e.test"],
  ["recredit", "recredit@e2e.test"],
  ["api", "api@e2e.test"],
  ["client", "client@e2e.test"],
  ["input", "input@e2e.test"],
] as const) {
  setup(`sign in as ${who}`, async ({ page }) => {
    await logIn(page, email);
    await expect(page).toHaveURL(/\/telecom\/sms$/);
    await page.context().storageState({ path: storage(who) });
  });
}
