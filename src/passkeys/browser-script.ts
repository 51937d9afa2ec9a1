/**
 * The passkey sign-in ceremony in the browser, for a page without inline script (self-hosted,
 * CSP `script-src 'self'; connect-src 'self'`): a hidden button `#passkey` shown where WebAuthn
 * exists, which asks the API for options, lets the authenticator sign, and posts the answer in
 * `#passkey-response` with the form `#passkey-form`. The console's sign-in page and the OpenID
 * provider's sign-in page serve it.
 */
export const PASSKEY_JS = `
const b64 = (s) => Uint8Array.from(atob(s.replaceAll("-", "+").replaceAll("_", "/").padEnd(Math.ceil(s.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
const enc = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const button = document.getElementById("passkey");
const status = document.getElementById("passkey-status");
if (button && window.PublicKeyCredential) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    status.textContent = "Waiting for your passkey…";
    try {
      const options = await (await fetch("/v1/auth/passkey/options", { method: "POST" })).json();
      const credential = await navigator.credentials.get({ publicKey: { ...options, challenge: b64(options.challenge) } });
      const r = credential.response;
      document.getElementById("passkey-response").value = JSON.stringify({
        id: credential.id, rawId: enc(credential.rawId), type: credential.type,
        response: { clientDataJSON: enc(r.clientDataJSON), authenticatorData: enc(r.authenticatorData), signature: enc(r.signature), userHandle: r.userHandle ? enc(r.userHandle) : undefined },
        clientExtensionResults: credential.getClientExtensionResults(),
      });
      document.getElementById("passkey-form").submit();
    } catch {
      status.textContent = "No passkey was used. Sign in with your password instead.";
    }
  });
}
`;
