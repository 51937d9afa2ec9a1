/** The enumerations every layer shares (the database, the API schemas, the caller's type). */
export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STATUSES = ["pending", "verified"] as const;
export type Status = (typeof STATUSES)[number];
export const CODE_PURPOSES = ["verify_email", "reset_password"] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];
