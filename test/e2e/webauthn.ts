// Passkeys in a real browser: a virtual platform authenticator (the DevTools WebAuthn domain) and
// a registration through navigator.credentials.create, as a front end would make it.
import type { BrowserContext, Page } from "playwright-core";

/** Gives `page` a platform authenticator that holds discoverable credentials and verifies users. */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/**
 * Registers a passkey for the holder of `accessToken` from the page's origin: the options (after
 * the step-up proof: the password), the browser's ceremony, then POST /v1/users/me/passkeys.
 * Returns that answer's status.
 */
export function registerPasskey(
  page: Page,
  accessToken: string,
  password: string,
  name?: string,
): Promise<number> {
  return page.evaluate(
    async ({ accessToken, password, name }) => {
      const fromB64 = (s: string) =>
        Uint8Array.from(
          atob(
            s
              .replaceAll("-", "+")
              .replaceAll("_", "/")
              .padEnd(Math.ceil(s.length / 4) * 4, "="),
          ),
          (c) => c.charCodeAt(0),
        );
      const toB64 = (b: ArrayBuffer) =>
        btoa(String.fromCharCode(...new Uint8Array(b)))
          .replaceAll("+", "-")
          .replaceAll("/", "_")
          .replace(/=+$/, "");
      const headers = {
        Authorization: `Bearer ${accessToken}`,
        "Content-Type": "application/json",
      };
      const options = await (
        await fetch("/v1/users/me/passkeys/options", {
          method: "POST",
          headers,
          body: JSON.stringify({ password }),
        })
      ).json();
      const created = (await navigator.credentials.create({
        publicKey: {
          ...options,
          challenge: fromB64(options.challenge),
          user: { ...options.user, id: fromB64(options.user.id) },
          excludeCredentials: options.excludeCredentials.map((c: { id: string }) => ({
            ...c,
            id: fromB64(c.id),
          })),
        },
      })) as PublicKeyCredential;
      const attestation = created.response as AuthenticatorAttestationResponse;
      const response = await fetch("/v1/users/me/passkeys", {
        method: "POST",
        headers,
        body: JSON.stringify({
          ...(name ? { name } : {}),
          response: {
            id: created.id,
            rawId: toB64(created.rawId),
            type: created.type,
            response: {
              clientDataJSON: toB64(attestation.clientDataJSON),
              attestationObject: toB64(attestation.attestationObject),
              transports: attestation.getTransports(),
            },
            clientExtensionResults: created.getClientExtensionResults(),
          },
        }),
      });
      return response.status;
    },
    { accessToken, password, name },
  );
}
