/** The enumerations every layer shares (the database, the API schemas, the caller's type). */
export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STATUSES = ["pending", "verified"] as const;
export type Status = (typeof STATUSES)[number];
export const CODE_PURPOSES = ["verify_email", "reset_password", "change_email", "login"] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];
/** Where a session's refresh token travels: the JSON body, or an HttpOnly cookie (browsers). */
export const REFRESH_TRANSPORTS = ["body", "cookie"] as const;
export type RefreshTransport = (typeof REFRESH_TRANSPORTS)[number];
/** A member's role in one shop, highest first (the rank rule: accounts/permissions.ts). */
export const SHOP_ROLES = ["owner", "manager", "barista"] as const;
export type ShopRole = (typeof SHOP_ROLES)[number];
export const SHOP_STATUSES = ["active", "closed"] as const;
export type ShopStatus = (typeof SHOP_STATUSES)[number];
/**
 * How a session was authenticated (RFC 8176 `amr` values): a password, a code mailed to the
 * account's address (`email`), a TOTP code, a recovery code, a passkey (`hwk` + `user`, and `mfa`
 * when the authenticator verified the user — required since Part 4), a code texted to an
 * enrolled number (`sms`, a restricted factor).
 */
export const AUTH_METHODS = [
  "pwd",
  "email",
  "oauth",
  "otp",
  "recovery",
  "sms",
  "hwk",
  "user",
  "mfa",
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
