/**
 * Redirect URIs of the OpenID provider's clients (issue 37; RFC 6749 §3.1.2, RFC 8252, the
 * OAuth 2.0 Security BCP RFC 9700 §2.1): registered exactly and compared exactly — no prefix, no
 * wildcard, no case folding, no trailing-slash leniency. The one exception is RFC 8252 §7.3: a
 * native app's loopback redirect (`http://127.0.0.1` or `http://[::1]`) matches on any port,
 * because the app opens whatever port is free. Pure functions: no D1, no config.
 */

export type RedirectKind = "https" | "loopback" | "private-use";

export type Registered =
  | { ok: true; uri: string; kind: RedirectKind }
  | { ok: false; reason: string };

const MAX_LENGTH = 512;
/** A private-use scheme is a reversed domain the app owns (RFC 8252 §7.1): `com.example.app`. */
const PRIVATE_USE = /^[a-z][a-z0-9]*(\.[a-z0-9-]+)+$/;

/** Validates one URI a client registers: what kind it is, or why it is refused. */
export function registerRedirect(uri: string): Registered {
  if (uri.length > MAX_LENGTH) return { ok: false, reason: "longer than 512 characters" };
  if (uri.includes("*")) return { ok: false, reason: "no wildcards" };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, reason: "not an absolute URI" };
  }
  // The URI must already be in the form a comparison will see: no normalisation hides in it.
  if (url.href !== uri && !(url.protocol !== "http:" && url.protocol !== "https:")) {
    return { ok: false, reason: `not in normal form (it reads as ${url.href})` };
  }
  if (url.hash || uri.includes("#")) return { ok: false, reason: "no fragment (RFC 6749 §3.1.2)" };
  if (url.username || url.password) return { ok: false, reason: "no user information" };
  if (url.protocol === "https:") return { ok: true, uri, kind: "https" };
  if (url.protocol === "http:") {
    if (url.hostname === "127.0.0.1" || url.hostname === "[::1]") {
      return { ok: true, uri, kind: "loopback" };
    }
    // RFC 8252 §8.3: `localhost` can be resolved elsewhere; loopback IP literals only.
    return { ok: false, reason: "plain http only for the loopback IPs 127.0.0.1 and [::1]" };
  }
  const scheme = url.protocol.slice(0, -1);
  if (PRIVATE_USE.test(scheme)) return { ok: true, uri, kind: "private-use" };
  return {
    ok: false,
    reason:
      "https, a loopback IP, or a private-use scheme that is a reversed domain (com.example.app:/cb)",
  };
}

/**
 * Does the `presented` redirect_uri match one of the client's `registered` ones? Exact string
 * equality; for a registered loopback URI, any port with everything else equal.
 */
export function redirectMatches(registered: readonly string[], presented: string): boolean {
  if (registered.includes(presented)) return true;
  let asked: URL;
  try {
    asked = new URL(presented);
  } catch {
    return false;
  }
  if (
    asked.protocol !== "http:" ||
    (asked.hostname !== "127.0.0.1" && asked.hostname !== "[::1]")
  ) {
    return false;
  }
  const portless = (url: URL) => {
    const copy = new URL(url.href);
    copy.port = "";
    return copy.href;
  };
  // The presented URI must itself be in normal form, or "equal but for the port" could hide a
  // difference the parser smoothed over.
  if (asked.href !== presented) return false;
  return registered.some((uri) => {
    const kind = registerRedirect(uri);
    return kind.ok && kind.kind === "loopback" && portless(new URL(uri)) === portless(asked);
  });
}
