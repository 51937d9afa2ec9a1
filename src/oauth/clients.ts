import { desc, eq, isNull, sql } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import { randomBytes, sha256Hex, toBase64Url } from "../crypto/encoding";
import { claimed, newClaim, subject } from "../db/claim";
import { batch, raw } from "../db/client";
import { oauthClients } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent } from "../events/outbox";
import { ApiError, type FieldError } from "../lib/errors";
import { registerRedirect } from "./redirects";

/**
 * The OpenID provider's client registry (issue 37), for admins. Public clients (apps that cannot
 * keep a secret: mobile, single-page) prove themselves with PKCE alone; confidential ones (a
 * server) also with a secret, shown once and kept as its SHA-256. Native redirects (loopback,
 * private-use schemes) belong to public clients only (RFC 8252 §8.4).
 */

export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access", "shops"] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

export interface ClientDto {
  client_id: string;
  name: string;
  kind: "public" | "confidential";
  redirect_uris: string[];
  scopes: string[];
  first_party: boolean;
  created_at: string;
  revoked_at: string | null;
}

type ClientRow = typeof oauthClients.$inferSelect;

function toDto(row: ClientRow): ClientDto {
  return {
    client_id: row.id,
    name: row.name,
    kind: row.kind,
    redirect_uris: row.redirectUris,
    scopes: row.scopes,
    first_party: row.firstParty,
    created_at: row.createdAt,
    revoked_at: row.revokedAt,
  };
}

/** Refuses (422, field by field) redirect URIs or scopes this kind of client may not have. */
function checkClient(
  kind: "public" | "confidential",
  redirectUris: string[] | undefined,
  scopes: string[] | undefined,
): void {
  const errors: FieldError[] = [];
  (redirectUris ?? []).forEach((uri, i) => {
    const checked = registerRedirect(uri);
    if (!checked.ok) errors.push({ path: `redirect_uris.${i}`, message: checked.reason });
    else if (kind === "confidential" && checked.kind !== "https") {
      errors.push({
        path: `redirect_uris.${i}`,
        message: "a confidential client redirects to https only (native apps are public clients)",
      });
    }
  });
  if (scopes && !scopes.includes("openid")) {
    errors.push({ path: "scopes", message: "must include openid" });
  }
  if (errors.length > 0) throw new ApiError("validation_failed", "Check the client.", { errors });
}

export async function createClient(
  deps: Deps,
  actorId: string,
  input: {
    name: string;
    kind: "public" | "confidential";
    redirect_uris: string[];
    scopes: OidcScope[];
    first_party: boolean;
  },
): Promise<ClientDto & { client_secret?: string }> {
  checkClient(input.kind, input.redirect_uris, input.scopes);

  const now = new Date();
  const id = `cl_${toBase64Url(randomBytes(16))}`;
  const secret = input.kind === "confidential" ? `cs_${toBase64Url(randomBytes(32))}` : undefined;
  const row: ClientRow = {
    id,
    name: input.name,
    kind: input.kind,
    secretDigest: secret ? await sha256Hex(secret) : null,
    redirectUris: [...new Set(input.redirect_uris)],
    scopes: [...new Set(input.scopes)],
    firstParty: input.first_party,
    createdAt: now.toISOString(),
    createdBy: actorId,
    revokedAt: null,
    claim: null,
  };
  const made = sql`EXISTS (SELECT 1 FROM ${oauthClients} WHERE ${oauthClients.id} = ${id})`;
  await batch(deps.db, [
    deps.db.insert(oauthClients).values(row),
    auditWhere(
      deps.meta,
      { type: "oauth_client.create", actorId, data: { client_id: id, kind: input.kind } },
      made,
      now,
    ),
    recordEvent(deps, {
      type: "oauth_client.created",
      data: { client_id: id, name: input.name, kind: input.kind, first_party: input.first_party },
      guard: made,
      now,
    }),
  ] as const);
  return { ...toDto(row), ...(secret ? { client_secret: secret } : {}) };
}

export async function listClients(deps: Deps): Promise<{ items: ClientDto[] }> {
  const rows = await deps.db
    .select()
    .from(oauthClients)
    .orderBy(desc(oauthClients.createdAt))
    .limit(200);
  return { items: rows.map(toDto) };
}

export async function getClient(deps: Deps, id: string): Promise<ClientDto> {
  const row = await deps.db.select().from(oauthClients).where(eq(oauthClients.id, id)).get();
  if (!row) throw new ApiError("not_found", "No client with this id.");
  return toDto(row);
}

/** Revokes a client (idempotent for the caller: 404 only when it never existed). */
export async function revokeClient(deps: Deps, actorId: string, id: string): Promise<void> {
  const now = new Date();
  const at = now.toISOString();
  const claim = newClaim();
  const revokedNow = claimed(oauthClients, oauthClients.id, id, oauthClients.claim, claim);
  const [, , , exists] = await batch(deps.db, [
    raw(sql`UPDATE ${oauthClients} SET revoked_at = ${at}, claim = ${claim}
      WHERE id = ${id} AND revoked_at IS NULL`),
    auditWhere(
      deps.meta,
      { type: "oauth_client.revoke", actorId, data: { client_id: id } },
      revokedNow,
      now,
    ),
    recordEvent(deps, {
      type: "oauth_client.revoked",
      data: { client_id: id },
      guard: revokedNow,
      now,
    }),
    deps.db.select({ id: oauthClients.id }).from(oauthClients).where(eq(oauthClients.id, id)),
  ] as const);
  if (exists.length === 0) throw new ApiError("not_found", "No client with this id.");
}

/**
 * Changes a client's name, redirect URIs, scopes or first-party flag (never its kind or secret).
 * What changes applies to the next authorization; grants already made keep their scopes until
 * they end (revoke the client to end them all). One read for the kind the URIs are checked
 * against, one write that re-checks it (and that the client is not revoked meanwhile).
 */
export async function updateClient(
  deps: Deps,
  actorId: string,
  id: string,
  patch: { name?: string; redirect_uris?: string[]; scopes?: OidcScope[]; first_party?: boolean },
): Promise<ClientDto> {
  const current = await deps.db.select().from(oauthClients).where(eq(oauthClients.id, id)).get();
  if (!current) throw new ApiError("not_found", "No client with this id.");
  if (current.revokedAt !== null) {
    throw new ApiError("conflict", "This client is revoked: register a new one.");
  }
  checkClient(current.kind, patch.redirect_uris, patch.scopes);
  const now = new Date();
  const claim = newClaim();
  const changed = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.redirect_uris ? { redirectUris: [...new Set(patch.redirect_uris)] } : {}),
    ...(patch.scopes ? { scopes: [...new Set(patch.scopes)] } : {}),
    ...(patch.first_party !== undefined ? { firstParty: patch.first_party } : {}),
  };
  const updatedNow = claimed(oauthClients, oauthClients.id, id, oauthClients.claim, claim);
  const [rows] = await batch(deps.db, [
    deps.db
      .update(oauthClients)
      .set({ ...changed, claim })
      .where(
        subject(
          oauthClients.id,
          id,
          isNull(oauthClients.revokedAt),
          eq(oauthClients.kind, current.kind),
        ),
      )
      .returning(),
    auditWhere(
      deps.meta,
      {
        type: "oauth_client.update",
        actorId,
        data: { client_id: id, fields: Object.keys(patch).sort() },
      },
      updatedNow,
      now,
    ),
    recordEvent(deps, {
      type: "oauth_client.updated",
      data: {
        client_id: id,
        name: changed.name ?? current.name,
        first_party: changed.firstParty ?? current.firstParty,
      },
      guard: updatedNow,
      now,
    }),
  ] as const);
  const row = rows[0];
  if (!row) throw new ApiError("conflict", "This client is revoked: register a new one.");
  return toDto(row);
}
