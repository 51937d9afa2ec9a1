import { createRoute, z } from "@hono/zod-openapi";
import {
  BEARER,
  BODY_ERRORS,
  COMMON_ERRORS,
  jsonBody,
  jsonContent,
  PUBLIC,
  problem,
  UNAUTHENTICATED,
  WRONG_PASSWORD,
} from "../lib/openapi";
import { requireUser } from "../middleware/auth";
import { limitByIp } from "../middleware/rate-limit";
import { CodeInput, StepUpPassword } from "../schemas/inputs";

/** SMS as a restricted second factor (mfa/sms.ts, docs/sms.md). */
const tags = ["MFA"];
const RESTRICTED =
  "SMS is a *restricted* second factor (NIST SP 800-63B-4): a SIM swap gives a thief the codes, " +
  "so it completes a sign-in but never gives admin power or opens the console; TOTP and " +
  "passkeys are offered beside it and recommended. ";
const SMS_OFF = problem(
  "SMS is off on this deployment (SMS_PROVIDER), or the provider cannot send or check now",
  "unavailable",
);
const TOO_MANY = problem(
  "At most 5 texts per number in 10 minutes, 10 per account an hour, 10 per IP a minute; see Retry-After",
  "rate_limited",
);

const Phone = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, "An E.164 number: + and the country code, e.g. +14155550123.")
  .openapi({ example: "+14155550123" });

const Masked = z.string().openapi({ example: "••••23", description: "The last two digits only." });

const SmsSent = z
  .object({
    message: z.string(),
    phone: Masked,
    restricted: z.literal(true),
    notice: z
      .string()
      .openapi({ description: "What SMS does not protect against, and what does." }),
  })
  .openapi("SmsEnrolment");

export const enrolSms = createRoute({
  method: "post",
  path: "/users/me/mfa/sms",
  tags,
  operationId: "enrolSms",
  summary: "Text a code to a number, to enrol it",
  description:
    `${RESTRICTED}Checks the step-up proof (the password; an account without one: a sign-in ` +
    "of the last 5 minutes), then texts a code to `phone` (E.164, a calling code of " +
    "SMS_COUNTRIES, else 422) through the Verify API. Nothing is enrolled until " +
    "`…/sms/confirm`; a new number replaces a pending one, and a confirmed number stays until " +
    "the new one is confirmed.",
  middleware: [limitByIp("SMS_IP_LIMITER"), requireUser] as const,
  security: BEARER,
  request: {
    body: jsonBody(
      z.strictObject({ password: StepUpPassword, phone: Phone }).openapi("SmsEnrolRequest"),
    ),
  },
  responses: {
    202: jsonContent(SmsSent, "A code is on its way"),
    ...BODY_ERRORS,
    401: WRONG_PASSWORD,
    429: TOO_MANY,
    503: SMS_OFF,
    ...COMMON_ERRORS,
  },
});

export const confirmSms = createRoute({
  method: "post",
  path: "/users/me/mfa/sms/confirm",
  tags,
  operationId: "confirmSms",
  summary: "Confirm the texted code: the number is enrolled",
  description:
    `${RESTRICTED}The code texted to the pending number (10 minutes; the provider allows 5 ` +
    "tries) makes it the account's number for codes. If MFA was off it is now on: every other " +
    "session ends, this one counts the text as its second factor, and 10 recovery codes are " +
    "returned this once (empty when MFA was already on). The user is mailed.",
  middleware: requireUser,
  security: BEARER,
  request: { body: jsonBody(z.strictObject({ code: CodeInput }).openapi("SmsConfirmRequest")) },
  responses: {
    200: jsonContent(
      z
        .object({
          phone: Masked,
          restricted: z.literal(true),
          notice: z.string(),
          recovery_codes: z.array(z.string()),
        })
        .openapi("SmsEnrolled"),
      "The number is enrolled",
    ),
    ...BODY_ERRORS,
    400: problem("A wrong or expired code, or malformed JSON", "invalid_code", "malformed_json"),
    401: UNAUTHENTICATED,
    409: problem("No number waits for its code, or the enrolment changed", "conflict"),
    503: SMS_OFF,
    ...COMMON_ERRORS,
  },
});

export const removeSms = createRoute({
  method: "delete",
  path: "/users/me/mfa/sms",
  tags,
  operationId: "removeSms",
  summary: "Stop texting codes",
  description:
    "After the step-up proof, the number no longer receives codes. While texts are the only " +
    "second factor this is refused (409): add an authenticator app first, or turn MFA off with " +
    "DELETE /v1/users/me/mfa (the password and a recovery code). The user is mailed.",
  middleware: requireUser,
  security: BEARER,
  request: {
    body: jsonBody(z.strictObject({ password: StepUpPassword }).openapi("SmsRemoveRequest")),
  },
  responses: {
    204: { description: "The number is removed" },
    ...BODY_ERRORS,
    401: WRONG_PASSWORD,
    409: problem("No number, or it is the only second factor", "conflict"),
    ...COMMON_ERRORS,
  },
});

export const textSignInCode = createRoute({
  method: "post",
  path: "/auth/mfa/sms",
  tags,
  operationId: "textMfaCode",
  security: PUBLIC,
  summary: "Text a sign-in code to the enrolled number",
  description:
    "For a sign-in that answered `mfa_required` with `sms` among its `methods`: texts a code to " +
    "the number the account enrolled (never one the request names). Complete the sign-in with " +
    "POST /v1/auth/mfa/verify `{mfa_token, sms_code}`; the session's `amr` then ends in `sms`.",
  middleware: [limitByIp("SMS_IP_LIMITER")] as const,
  request: {
    body: jsonBody(
      z.strictObject({ mfa_token: z.string().min(1).max(512) }).openapi("SmsSignInRequest"),
    ),
  },
  responses: {
    202: jsonContent(
      z.object({ message: z.string(), phone: Masked }).openapi("SmsSignInCode"),
      "A code is on its way",
    ),
    ...BODY_ERRORS,
    401: problem("Unknown, expired, used or used-up MFA token", "invalid_mfa_token"),
    409: problem("The account has no number for codes", "conflict"),
    429: TOO_MANY,
    503: SMS_OFF,
    ...COMMON_ERRORS,
  },
});

export type EnrolSmsRoute = typeof enrolSms;
export type ConfirmSmsRoute = typeof confirmSms;
export type RemoveSmsRoute = typeof removeSms;
export type TextSignInCodeRoute = typeof textSignInCode;
