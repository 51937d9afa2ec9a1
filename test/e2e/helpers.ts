import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import createClient, { type Middleware } from "openapi-fetch";
import { inject } from "vitest";
import type { paths } from "../../openapi/schema";
import { OPENAPI_JSON } from "../../scripts/openapi-files";

export const PASSWORD = "correct horse battery staple";

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}
const spec = JSON.parse(readFileSync(OPENAPI_JSON, "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
};

/**
 * Fails the request when the Worker answers a status the contract does not list for the
 * operation, or an error that is not problem+json: the spec and the behaviour must agree.
 */
const conformsToSpec: Middleware = {
  onResponse({ request, response, schemaPath }) {
    const operation = spec.paths[schemaPath]?.[request.method.toLowerCase()];
    const where = `${request.method} ${schemaPath} → ${response.status}`;
    if (!operation) throw new Error(`${where}: operation not in openapi.json`);
    const documented = operation.responses[String(response.status)];
    if (!documented) throw new Error(`${where}: status not documented`);
    const type = response.headers.get("Content-Type") ?? "";
    if (response.status >= 400 && !type.startsWith("application/problem+json")) {
      throw new Error(`${where}: error is ${type}, not application/problem+json`);
    }
    if (documented.content && !Object.keys(documented.content).some((t) => type.startsWith(t))) {
      throw new Error(`${where}: ${type} is not a documented content type`);
    }
  },
};

/**
 * A browser's cookie jar for the client, as small as the journey needs: keeps what the Worker
 * sets (dropping a cookie set with Max-Age=0), sends it back, and names the front end's origin.
 */
export function cookieJar(origin: string): Middleware & { cookies: Map<string, string> } {
  const cookies = new Map<string, string>();
  return {
    cookies,
    onRequest({ request }) {
      if (cookies.size > 0) {
        request.headers.set("Cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
      }
      request.headers.set("Origin", origin);
      return request;
    },
    onResponse({ response }) {
      for (const header of response.headers.getSetCookie()) {
        const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
        const [name = "", value = ""] = pair.split("=");
        if (attributes.some((a) => a.toLowerCase() === "max-age=0")) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
  };
}

/** A typed client of the checked-in contract, as a front end would build it. */
export function apiClient(accessToken?: string, ...middleware: Middleware[]) {
  const client = createClient<paths>({
    baseUrl: inject("workerUrl"),
    headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
  });
  client.use(conformsToSpec, ...middleware);
  return client;
}

export function uniqueEmail(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

/** The 6-digit code of the newest mail the fake provider delivered to `to` (waits for it). */
export async function mailedCode(to: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${inject("mailUrl")}/emails?to=${encodeURIComponent(to)}`);
    const mails = (await response.json()) as { text: string }[];
    const code = /\b(\d{6})\b/.exec(mails.at(-1)?.text ?? "")?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no mail with a code reached ${to} within ${timeoutMs} ms`);
}

/**
 * The link to one of the Worker's pages (`/reset`, `/invitations`) in the newest mail delivered
 * to `to` whose subject contains `subject` (waits for it).
 */
export async function mailedLink(to: string, subject: string, page: string): Promise<string> {
  const link = new RegExp(`(http://localhost:\\d+${page}#\\S+)`);
  for (let waited = 0; waited < 30_000; waited += 250) {
    const response = await fetch(`${inject("mailUrl")}/emails?to=${encodeURIComponent(to)}`);
    const mails = (await response.json()) as { subject: string; text: string }[];
    const found = link.exec(mails.filter((m) => m.subject.includes(subject)).at(-1)?.text ?? "");
    if (found?.[1]) return found[1];
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${page} link reached ${to}`);
}

/** An admin made the way operators do it: `npm run create-admin` against the Worker's D1. */
export function createAdmin(email: string, password: string): void {
  execFileSync(
    "npx",
    ["tsx", "scripts/create-admin.ts", "--email", email, "--persist-to", inject("persistTo")],
    { env: { ...process.env, ADMIN_PASSWORD: password, PASSWORD_PEPPER: "" }, stdio: "ignore" },
  );
}

/** A sign-in's answer as a session: the journeys here have MFA off unless they turn it on. */
export function asSession<T extends object>(
  data: T | undefined,
): Exclude<T, { mfa_required: true }> {
  if (!data || "mfa_required" in data) throw new Error("expected a session, not an MFA challenge");
  return data as Exclude<T, { mfa_required: true }>;
}
