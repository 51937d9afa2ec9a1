import { type SQL, sql } from "drizzle-orm";
import { sha256Hex } from "../crypto/encoding";
import { raw } from "../db/client";
import { oauthClients } from "../db/schema";

/**
 * How a client proves itself at the token, revocation and introspection endpoints (RFC 6749
 * §2.3.1): a confidential client with its secret, in HTTP Basic (`client_secret_basic`, the
 * form-encoded id and secret) or in the body (`client_secret_post`), never both; a public client
 * with its `client_id` alone (`none`) — PKCE is its proof. The client is read in the same batch
 * as the write that acts for it, and that write re-checks it (`clientGuard`).
 */

/** An RFC 6749 §5.2 error: `{error, error_description}` as JSON, never problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly error:
      | "invalid_request"
      | "invalid_client"
      | "invalid_grant"
      | "unauthorized_client"
      | "unsupported_grant_type"
      | "invalid_scope"
      | "invalid_token"
      | "insufficient_scope"
      | "unsupported_token_type",
    readonly description: string,
    readonly status: 400 | 401 | 403 = error === "invalid_client" || error === "invalid_token"
      ? 401
      : 400,
  ) {
    super(description);
    this.name = "OAuthError";
  }
}

export interface PresentedClient {
  id: string;
  secret: string | null;
  secretDigest: string | null;
  method: "client_secret_basic" | "client_secret_post" | "none";
}

function decodeFormPart(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

export async function presentedClient(
  authorization: string | undefined,
  form: Record<string, string>,
): Promise<PresentedClient> {
  let id: string | null = null;
  let secret: string | null = null;
  let method: PresentedClient["method"] = "none";
  if (authorization !== undefined) {
    const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/i.exec(authorization.trim());
    let pair: string | null = null;
    try {
      pair = match?.[1] ? atob(match[1]) : null;
    } catch {
      pair = null;
    }
    const colon = pair?.indexOf(":") ?? -1;
    if (pair === null || colon < 1) {
      throw new OAuthError("invalid_client", "The Authorization header is not HTTP Basic.");
    }
    id = decodeFormPart(pair.slice(0, colon));
    secret = decodeFormPart(pair.slice(colon + 1));
    method = "client_secret_basic";
    if (form.client_secret !== undefined) {
      throw new OAuthError("invalid_request", "One way of authenticating the client, not two.");
    }
    if (form.client_id !== undefined && form.client_id !== id) {
      throw new OAuthError("invalid_client", "client_id differs from the Authorization header.");
    }
  } else {
    id = form.client_id ?? null;
    if (form.client_secret !== undefined) {
      secret = form.client_secret;
      method = "client_secret_post";
    }
  }
  if (!id || id.length > 64 || (secret !== null && (secret.length === 0 || secret.length > 256))) {
    throw new OAuthError(
      "invalid_client",
      "Name the client (client_id), with its secret if it has one.",
    );
  }
  return { id, secret, secretDigest: secret === null ? null : await sha256Hex(secret), method };
}

/** The client as the batch reads it (alongside the write it decides). */
export interface ClientState {
  kind: "public" | "confidential";
  secretOk: number;
  revokedAt: string | null;
  name: string;
  scopes: string;
  firstParty: number;
}

export function readClient(client: PresentedClient) {
  return raw<ClientState>(sql`
    SELECT c.kind AS kind, c.secret_digest IS ${client.secretDigest} AS secretOk,
      c.revoked_at AS revokedAt, c.name AS name, c.scopes AS scopes, c.first_party AS firstParty
    FROM ${oauthClients} AS c WHERE c.id = ${client.id}`);
}

/**
 * The condition the write re-checks: the client exists, is not revoked, and proved itself — a
 * confidential client with its secret's digest, a public one with no secret at all.
 */
export function clientGuard(client: PresentedClient): SQL {
  return sql`EXISTS (SELECT 1 FROM ${oauthClients} AS authed
    WHERE authed.id = ${client.id} AND authed.revoked_at IS NULL
      AND ((authed.kind = 'confidential' AND authed.secret_digest = ${client.secretDigest})
        OR (authed.kind = 'public' AND ${client.secretDigest} IS NULL)))`;
}

/** Throws `invalid_client` unless the read client matches what `clientGuard` asks. */
export function assertClient(
  rows: readonly ClientState[],
  client: PresentedClient,
  options: { confidentialOnly?: boolean } = {},
): ClientState {
  const row = rows[0];
  const proved =
    row &&
    row.revokedAt === null &&
    (row.kind === "confidential"
      ? client.secret !== null && row.secretOk === 1
      : client.secret === null);
  if (!row || !proved) {
    throw new OAuthError("invalid_client", "Client authentication failed.");
  }
  if (options.confidentialOnly && row.kind !== "confidential") {
    throw new OAuthError("unauthorized_client", "Only a confidential client may introspect.", 403);
  }
  return row;
}
