/** The enumerations every layer shares (the database, the API schemas, the caller's type). */
export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STATUSES = ["pending", "verified"] as const;
export type Status = (typeof STATUSES)[number];
export const CODE_PURPOSES = ["verify_email", "reset_password", "change_email"] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];
/** Where a session's refresh token travels: the JSON body, or an HttpOnly cookie (browsers). */
export const REFRESH_TRANSPORTS = ["body", "cookie"] as const;
export type RefreshTransport = (typeof REFRESH_TRANSPORTS)[number];
/** How a session was authenticated (RFC 8176 `amr` values). */
export type AuthMethod = "pwd" | "otp" | "recovery";
