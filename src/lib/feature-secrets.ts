/**
 * The features that need a secret of their own, and that secret. A release that adds one must
 * not take sign-in down on a deployment that has not set it yet: only the feature stops (503
 * naming the setting), and `npm run deploy` warns (scripts/check-secrets.ts). No imports, so the
 * operator scripts in Node can read it too.
 */
export const FEATURE_SECRETS = { mfa: "MFA_ENCRYPTION_KEY" } as const;
export type Feature = keyof typeof FEATURE_SECRETS;
