import type { Config } from "../config";
import { toHex } from "../crypto/encoding";
import { hmacSha256 } from "../crypto/hmac";
import { ApiError } from "../lib/errors";
import { errorName, log } from "../lib/log";

/**
 * The hosted Verify API that sends SMS codes and checks them (docs/sms.md): Twilio Verify v2 over
 * `fetch` (its Node SDK does not run on Workers, twilio-node #1096). The provider holds the code,
 * its expiry, its attempts and its fraud controls; this service never sees a code it sent. The
 * base URL is SMS_API_URL, so tests run against a Verify-shaped server of their own.
 *
 * `log` (local development only) prints the code instead: derived from the number and the
 * ten-minute window with CODE_HMAC_SECRET, so nothing is stored for it either.
 */

/** How long one provider call may take. */
const SMS_TIMEOUT_MS = 8_000;
/** The code's window in `log` mode (Verify's own default lifetime is ten minutes). */
const LOG_WINDOW_MS = 10 * 60_000;

export type CheckOutcome = "approved" | "wrong";

function unavailable(): ApiError {
  return new ApiError(
    "unavailable",
    "Texts cannot be sent or checked right now; try again later, or use an authenticator app, a recovery code or a passkey.",
  );
}

/** SMS is on for this deployment, else 503 naming the setting. */
export function assertSmsOn(config: Config): void {
  if (config.sms.provider === "off") {
    throw new ApiError("unavailable", "SMS is not on for this deployment (SMS_PROVIDER).");
  }
}

/** Texts a code to `phone` (E.164). Throws 503 `unavailable` when the provider does not take it. */
export async function sendSmsCode(config: Config, phone: string, now: Date): Promise<void> {
  assertSmsOn(config);
  if (config.sms.provider === "log") {
    console.log(
      `\n=== SMS (SMS_PROVIDER=log) to ${phone}: ${await logCode(config, phone, now)} ===\n`,
    );
    return;
  }
  const answer = await call(config, "Verifications", { To: phone, Channel: "sms" });
  // 201 with a pending verification; anything else (a refused number, a rate or fraud block,
  // an outage, garbage) means no text is on its way.
  if (answer?.status !== 201 || answer.body?.status !== "pending") {
    log("warn", "sms: send refused", { status: answer?.status ?? "unreachable" });
    throw unavailable();
  }
}

/**
 * Is `code` the one texted to `phone`? The provider answers `approved` once; a wrong code is
 * `pending` (or 404 when nothing is pending: expired, used, too many tries). Throws 503 on an
 * outage or an answer that is neither.
 */
export async function checkSmsCode(
  config: Config,
  phone: string,
  code: string,
  now: Date,
): Promise<CheckOutcome> {
  assertSmsOn(config);
  if (!/^\d{4,10}$/.test(code)) return "wrong";
  if (config.sms.provider === "log") {
    const previous = new Date(now.getTime() - LOG_WINDOW_MS);
    const accepted = [await logCode(config, phone, now), await logCode(config, phone, previous)];
    return accepted.includes(code) ? "approved" : "wrong";
  }
  const answer = await call(config, "VerificationCheck", { To: phone, Code: code });
  if (answer?.status === 200 && answer.body?.status === "approved") return "approved";
  if (answer?.status === 200 && typeof answer.body?.status === "string") return "wrong";
  if (answer?.status === 404) return "wrong";
  log("warn", "sms: check failed", { status: answer?.status ?? "unreachable" });
  throw unavailable();
}

async function call(
  config: Config,
  resource: "Verifications" | "VerificationCheck",
  form: Record<string, string>,
): Promise<{ status: number; body: { status?: unknown } | null } | null> {
  const { apiUrl, accountSid, authToken, serviceSid } = config.sms;
  try {
    const response = await fetch(
      `${apiUrl}/v2/Services/${encodeURIComponent(serviceSid)}/${resource}`,
      {
        method: "POST",
        headers: {
          Authorization: `Basic ${btoa(`${accountSid}:${authToken}`)}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(form).toString(),
        redirect: "manual",
        signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
      },
    );
    let body: { status?: unknown } | null = null;
    try {
      const parsed = (await response.json()) as unknown;
      body = parsed && typeof parsed === "object" ? (parsed as { status?: unknown }) : null;
    } catch {
      body = null;
    }
    return { status: response.status, body };
  } catch (error) {
    log("warn", "sms: provider unreachable", { error: errorName(error) });
    return null;
  }
}

async function logCode(config: Config, phone: string, at: Date): Promise<string> {
  const window = Math.floor(at.getTime() / LOG_WINDOW_MS);
  const digest = toHex(await hmacSha256(config.codeHmacSecret, `sms-log:${phone}:${window}`));
  return (Number.parseInt(digest.slice(0, 8), 16) % 1_000_000).toString().padStart(6, "0");
}
