import type { Hono } from "hono";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import {
  type ClientDto,
  createClient,
  listClients,
  OIDC_SCOPES,
  type OidcScope,
  revokeClient,
} from "../oauth/clients";
import { type Ctx, page, requireAdminPage, statusOf } from "./context";
import { PostForm, Table, When } from "./views";

/**
 * The OpenID provider's apps (docs/openid-provider.md), for admins: register one (a confidential
 * client's secret is shown on the next page, once), see them all, revoke one. The same services
 * as `/v1/oauth/clients`, so the same rules and audit.
 */

const DEFAULT_SCOPES: OidcScope[] = ["openid", "profile", "email"];

function clientsPage(
  c: Ctx,
  items: ClientDto[],
  options: { error?: string; made?: ClientDto & { client_secret?: string } } = {},
  status: Parameters<typeof page>[3] = 200,
) {
  const csrf = c.get("consoleCaller").csrf;
  const { made, error } = options;
  return page(
    c,
    "Apps that sign people in",
    <>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {made ? (
        <section aria-labelledby="made">
          <h2 id="made">{made.name} is registered</h2>
          <p>
            Client id: <code>{made.client_id}</code>
          </p>
          {made.client_secret ? (
            <p role="alert">
              Its secret, shown this once — copy it into the app's server now:{" "}
              <code class="wrap">{made.client_secret}</code>
            </p>
          ) : (
            <p>A public client: it proves itself with PKCE, it has no secret.</p>
          )}
        </section>
      ) : null}
      <h2>Register an app</h2>
      <PostForm action="/console/clients" csrf={csrf} label="Register">
        <label for="name">Name (shown to people on the sign-in and consent pages)</label>
        <input id="name" name="name" required maxlength={80} />
        <label for="kind">Kind</label>
        <select id="kind" name="kind">
          <option value="public">public — a mobile or single-page app (PKCE, no secret)</option>
          <option value="confidential">confidential — a server (a secret, shown once)</option>
        </select>
        <label for="redirect_uris">Redirect URIs, one per line (compared exactly)</label>
        <textarea id="redirect_uris" name="redirect_uris" required rows={3} />
        <fieldset>
          <legend>Scopes it may ask for</legend>
          {OIDC_SCOPES.map((scope) => (
            <label>
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                checked={DEFAULT_SCOPES.includes(scope)}
                disabled={scope === "openid"}
              />{" "}
              {scope}
            </label>
          ))}
        </fieldset>
        <label>
          <input type="checkbox" name="first_party" value="on" /> First party: the chain's own app
          (no consent page)
        </label>
      </PostForm>
      <Table
        caption="Registered apps, newest first"
        head={["Name", "Client id", "Kind", "Redirect URIs", "Scopes", "Registered", "Action"]}
        rows={items.map((client) => [
          <span class="wrap">
            {client.name}
            {client.first_party ? " (first party)" : ""}
          </span>,
          <code class="wrap">{client.client_id}</code>,
          client.kind,
          <span class="wrap">{client.redirect_uris.join(" ")}</span>,
          client.scopes.join(" "),
          <When at={client.created_at} />,
          client.revoked_at ? (
            <>
              Revoked <When at={client.revoked_at} />
            </>
          ) : (
            <PostForm
              action={`/console/clients/${encodeURIComponent(client.client_id)}/revoke`}
              csrf={csrf}
              label="Revoke"
              name={`Revoke ${client.name}`}
              danger
            />
          ),
        ])}
      />
    </>,
    status,
  );
}

export function clientPages(app: Hono<AppBindings>): void {
  app.get("/clients", async (c) => {
    requireAdminPage(c);
    return clientsPage(c, (await listClients(depsOf(c))).items);
  });

  app.post("/clients", async (c) => {
    requireAdminPage(c);
    const deps = depsOf(c);
    const form = await c.req.parseBody({ all: true });
    const list = (value: unknown) => (Array.isArray(value) ? value : value ? [value] : []);
    const redirectUris = String(form.redirect_uris ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    const scopes = [
      "openid",
      ...list(form.scopes).filter((s): s is OidcScope =>
        (OIDC_SCOPES as readonly unknown[]).includes(s),
      ),
    ] as OidcScope[];
    const name = String(form.name ?? "").trim();
    const kind = form.kind === "confidential" ? "confidential" : "public";
    try {
      if (!name || name.length > 80)
        throw new ApiError("validation_failed", "Name the app (80 characters at most).");
      if (redirectUris.length < 1 || redirectUris.length > 10) {
        throw new ApiError("validation_failed", "Give 1 to 10 redirect URIs, one per line.");
      }
      const made = await createClient(deps, c.get("consoleCaller").user.id, {
        name,
        kind,
        redirect_uris: redirectUris,
        scopes: [...new Set(scopes)],
        first_party: form.first_party === "on",
      });
      c.header("Cache-Control", "no-store");
      return clientsPage(c, (await listClients(deps)).items, { made });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const details = error.errors?.map((e) => `${e.path}: ${e.message}`).join("; ");
      return clientsPage(
        c,
        (await listClients(deps)).items,
        { error: details ? `${error.message} ${details}` : error.message },
        statusOf(error),
      );
    }
  });

  app.post("/clients/:id/revoke", async (c) => {
    requireAdminPage(c);
    const id = c.req.param("id");
    if (!/^cl_[\w-]{10,64}$/.test(id)) throw new ApiError("not_found", "No client with this id.");
    await revokeClient(depsOf(c), c.get("consoleCaller").user.id, id);
    return c.redirect("/console/clients", 303);
  });
}
