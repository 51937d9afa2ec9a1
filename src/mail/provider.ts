import type { Config } from "../config";
import type { RenderedMail } from "./templates";

/** How long one provider call may take before it counts as a (retryable) failure. */
export const PROVIDER_TIMEOUT_MS = 10_000;

export type SendOutcome =
  | { kind: "sent" }
  /** 429, 5xx, timeout or network error: worth retrying. */
  | { kind: "retry"; reason: string; retryAfterSeconds?: number }
  /** Any other 4xx: retrying cannot help. */
  | { kind: "rejected"; status: number };

function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * One call to a Resend-compatible API: `POST {EMAIL_API_URL}/emails`. The Idempotency-Key is
 * the message's own, fixed when it was enqueued, so a retry or redelivery never mails twice.
 */
export async function sendEmail(
  mail: Config["mail"],
  to: string,
  rendered: RenderedMail,
  idempotencyKey: string,
): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(`${mail.apiUrl}/emails`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${mail.apiKey ?? ""}`,
        "Content-Type": "application/json",
        "Idempotency-Key": idempotencyKey,
      },
      body: JSON.stringify({ from: mail.from, to: [to], ...rendered }),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError" ? "timeout" : "network error";
    return { kind: "retry", reason };
  }
  // Drain the body so the connection can be reused; its content is not needed.
  await response.body?.cancel();
  if (response.ok) return { kind: "sent" };
  if (response.status === 429 || response.status >= 500) {
    return {
      kind: "retry",
      reason: `provider answered ${response.status}`,
      retryAfterSeconds: retryAfterSeconds(response.headers.get("Retry-After")),
    };
  }
  return { kind: "rejected", status: response.status };
}
