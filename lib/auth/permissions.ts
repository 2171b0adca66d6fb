/**
 * What each role may do. Every server action and API call asks `can()` on the server; pages use it only to hide
 * controls a user cannot use.
 */
import { ROLES } from "@/db/enums";

export { ROLES };
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  read: ROLES,
  editAccount: ["admin", "billing"],
  buyCredits: ["admin", "billing"],
  transferCredits: ["admin", "billing"],
  manageRecredit: ["admin", "billing"],
  managePaymentMethods: ["admin", "billing"],
  manageApiKeys: ["admin"],
  sendSms: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
