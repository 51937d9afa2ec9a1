import { z } from "@hono/zod-openapi";
import { CodeInput, PasswordInput, RefreshTransportInput, StepUpPassword } from "../schemas/inputs";

const SecondFactor = z.string().trim().min(6).max(32).openapi({
  description: "A 6-digit code from the authenticator app, or an unused recovery code.",
  example: "492817",
});

export const EnrolBody = z.strictObject({ password: StepUpPassword }).openapi("MfaEnrolRequest");

export const Enrolment = z
  .object({
    secret: z.string().openapi({
      description: "Base32 TOTP secret (SHA-1, 6 digits, 30 s), for typing into an app.",
      example: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    }),
    otpauth_uri: z.string().openapi({
      description: "The same as an `otpauth://` URI: draw it as a QR code in the front end.",
      example:
        "otpauth://totp/Coffee%20Shop:ada%40example.com?issuer=Coffee%20Shop&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
    }),
  })
  .openapi("MfaEnrolment", { description: "Pending until confirmed with a code." });

export const ConfirmBody = z.strictObject({ code: CodeInput }).openapi("MfaConfirmRequest");

export const RecoveryCodes = z
  .object({
    recovery_codes: z.array(z.string()).openapi({
      example: ["k7m2q-x9c4t", "p3wf8-hn62z"],
      description: "Shown this once; each works once.",
    }),
  })
  .openapi("MfaRecoveryCodes");

export const ProveBody = z
  .strictObject({ password: PasswordInput, code: SecondFactor })
  .openapi("MfaProofRequest");

export const MfaStatus = z
  .object({
    enabled: z.boolean(),
    enabled_at: z.string().nullable(),
    recovery_codes_remaining: z.number().int(),
    enrolment_pending: z.boolean(),
    totp: z.boolean().openapi({ description: "An authenticator app is on." }),
    sms: z
      .object({
        phone: z.string().nullable().openapi({ example: "••••23" }),
        pending: z.string().nullable().openapi({ description: "A number waiting for its code." }),
        restricted: z.literal(true),
      })
      .openapi({ description: "Texted codes (a restricted factor)." }),
  })
  .openapi("MfaStatus");

export const VerifyBody = z
  .strictObject({
    mfa_token: z.string().min(1).max(512),
    code: CodeInput.optional().openapi({ description: "A TOTP code from the app." }),
    recovery_code: z.string().min(6).max(32).optional().openapi({
      description: "Instead of `code`: an unused recovery code.",
      example: "k7m2q-x9c4t",
    }),
    sms_code: z
      .string()
      .regex(/^\d{4,10}$/)
      .optional()
      .openapi({
        description: "Instead: the code texted by POST /v1/auth/mfa/sms (a restricted factor).",
        example: "318204",
      }),
    refresh_token_transport: RefreshTransportInput,
  })
  .refine(
    (body) =>
      [body.code, body.recovery_code, body.sms_code].filter((v) => v !== undefined).length === 1,
    { message: "Send exactly one of code, recovery_code and sms_code.", path: ["code"] },
  )
  .openapi("MfaVerifyRequest");
