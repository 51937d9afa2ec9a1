import { isoCBOR } from "@simplewebauthn/server/helpers";
import { fromBase64Url, toBase64Url } from "../../src/crypto/encoding";

/**
 * A software authenticator for the tests: what a phone or a security key does in a WebAuthn
 * ceremony — a key pair per credential, "none" attestation, a signature counter — producing the
 * JSON a browser hands to the server (`@simplewebauthn/browser`'s shape). ES256 (P-256) or EdDSA
 * (Ed25519). `counterStep: 0` models the passkeys that keep their counter at 0.
 */
export type Alg = "ES256" | "EdDSA";

const encoder = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

function u32(value: number): Uint8Array {
  return new Uint8Array([
    (value >>> 24) & 255,
    (value >>> 16) & 255,
    (value >>> 8) & 255,
    value & 255,
  ]);
}

/** Raw r‖s (Web Crypto's ECDSA output) → the DER that WebAuthn signatures use. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i += 1;
    let body: Uint8Array = bytes.slice(i);
    if ((body[0] ?? 0) & 0x80) body = concat(new Uint8Array([0]), body);
    return concat(new Uint8Array([0x02, body.length]), body);
  };
  const r = integer(raw.slice(0, 32));
  const s = integer(raw.slice(32));
  return concat(new Uint8Array([0x30, r.length + s.length]), r, s);
}

export interface Credential {
  id: Uint8Array;
  alg: Alg;
  keys: CryptoKeyPair;
  counter: number;
  counterStep: number;
  userHandle: string;
}

export class SoftwareAuthenticator {
  readonly credentials: Credential[] = [];
  constructor(
    readonly origin = "http://localhost:8787",
    readonly rpId = "localhost",
  ) {}

  private async authData(flags: number, counter: number, attested?: Uint8Array) {
    const rpIdHash = await sha256(encoder.encode(this.rpId));
    return concat(rpIdHash, new Uint8Array([flags]), u32(counter), attested ?? new Uint8Array());
  }

  private clientData(type: string, challenge: string, origin = this.origin) {
    return encoder.encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(): a new discoverable credential for these options. */
  async create(
    options: { challenge: string; user: { id: string } },
    alg: Alg = "ES256",
    tweak: {
      origin?: string;
      type?: string;
      counterStep?: number;
      /** false: a security key without a PIN — user presence only, no UV flag. */
      uv?: boolean;
      /** Another attestation statement than "none" (its signature is not checked first). */
      attestation?: { fmt: string; x5c?: boolean };
    } = {},
  ) {
    const keys = (await crypto.subtle.generateKey(
      alg === "ES256" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "Ed25519" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey;
    const cose =
      alg === "ES256"
        ? new Map<number, number | Uint8Array>([
            [1, 2],
            [3, -7],
            [-1, 1],
            [-2, fromBase64Url(jwk.x ?? "")],
            [-3, fromBase64Url(jwk.y ?? "")],
          ])
        : new Map<number, number | Uint8Array>([
            [1, 1],
            [3, -8],
            [-1, 6],
            [-2, fromBase64Url(jwk.x ?? "")],
          ]);
    const id = crypto.getRandomValues(new Uint8Array(16));
    const credential: Credential = {
      id,
      alg,
      keys,
      counter: 0,
      counterStep: tweak.counterStep ?? 1,
      userHandle: options.user.id,
    };
    this.credentials.push(credential);
    const attested = concat(
      new Uint8Array(16), // aaguid: none
      new Uint8Array([0, id.length]),
      id,
      isoCBOR.encode(cose as never),
    );
    // UP (0x01) | UV (0x04) | AT (0x40)
    const authData = await this.authData(tweak.uv === false ? 0x41 : 0x45, 0, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", tweak.attestation?.fmt ?? "none"],
        [
          "attStmt",
          tweak.attestation
            ? new Map<string, unknown>([
                ["alg", -7],
                ["sig", new Uint8Array(64)],
                ...(tweak.attestation.x5c
                  ? [["x5c", [crypto.getRandomValues(new Uint8Array(300))]] as const]
                  : []),
              ])
            : new Map(),
        ],
        ["authData", authData],
      ]) as never,
    );
    return {
      id: toBase64Url(id),
      rawId: toBase64Url(id),
      type: "public-key" as const,
      response: {
        clientDataJSON: toBase64Url(
          this.clientData(tweak.type ?? "webauthn.create", options.challenge, tweak.origin),
        ),
        attestationObject: toBase64Url(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** navigator.credentials.get(): a signed assertion with `credential` (default: the last made). */
  async get(
    options: { challenge: string },
    credential = this.credentials.at(-1),
    tweak: { origin?: string; type?: string; counter?: number; uv?: boolean } = {},
  ) {
    if (!credential) throw new Error("no credential");
    credential.counter += credential.counterStep;
    const counter = tweak.counter ?? credential.counter;
    const authData = await this.authData(tweak.uv === false ? 0x01 : 0x05, counter);
    const clientDataJSON = this.clientData(
      tweak.type ?? "webauthn.get",
      options.challenge,
      tweak.origin,
    );
    const signed = concat(authData, await sha256(clientDataJSON));
    const raw = new Uint8Array(
      await crypto.subtle.sign(
        credential.alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "Ed25519" },
        credential.keys.privateKey,
        signed,
      ),
    );
    return {
      id: toBase64Url(credential.id),
      rawId: toBase64Url(credential.id),
      type: "public-key" as const,
      response: {
        clientDataJSON: toBase64Url(clientDataJSON),
        authenticatorData: toBase64Url(authData),
        signature: toBase64Url(credential.alg === "ES256" ? derSignature(raw) : raw),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
