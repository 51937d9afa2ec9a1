import { SHOP_ROLES, type ShopRole } from "../lib/domain";

/**
 * What each role may do in its shop: a fixed table in code, published at GET /v1/permissions so
 * sibling services and tills use the same words. A key's scopes (keys for tills) are a subset of
 * its creator's permissions.
 */
export const PERMISSIONS = [
  "shop.read",
  "shop.update",
  "staff.read",
  "staff.invite",
  "staff.remove",
  "keys.manage",
  "till.open",
  "order.refund",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<ShopRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  manager: [
    "shop.read",
    "staff.read",
    "staff.invite",
    "staff.remove",
    "keys.manage",
    "till.open",
    "order.refund",
  ],
  barista: ["shop.read", "till.open"],
};

export function can(role: ShopRole | null | undefined, permission: Permission): boolean {
  return role ? ROLE_PERMISSIONS[role].includes(permission) : false;
}

/** owner 3, manager 2, barista 1. */
export function rank(role: ShopRole): number {
  return SHOP_ROLES.length - SHOP_ROLES.indexOf(role);
}

/**
 * The rank rule: a member may invite, promote, demote or remove only to or from a role strictly
 * below their own — an owner manages managers and baristas, a manager manages baristas.
 * (Platform admins may do anything; nobody changes their own role: the callers check both.)
 */
export function outranks(actor: ShopRole, ...roles: ShopRole[]): boolean {
  return roles.every((role) => rank(actor) > rank(role));
}

/** The roles that may hold each permission, as SQL can test them (`role IN (…)`). */
export function rolesWith(permission: Permission): ShopRole[] {
  return SHOP_ROLES.filter((role) => can(role, permission));
}
