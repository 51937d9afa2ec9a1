import type { Child, FC } from "hono/jsx";
import type { Dashboard } from "../metrics/dashboard";

/**
 * The console's pages, rendered on the server with hono/jsx (which escapes every value). No
 * script at all: plain forms and links, so the CSP allows none; every form carries the session's
 * CSRF token. Landmarks, labels and headings for screen readers; one column that fits 360 px.
 */

export interface NavCaller {
  name: string;
  admin: boolean;
  csrf: string;
}

export const Layout: FC<{
  title: string;
  caller?: NavCaller;
  script?: string;
  children?: Child;
}> = ({ title, caller, script, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · Coffee Shop console`}</title>
      <link rel="stylesheet" href="/console/console.css" />
      <link rel="icon" href="/console/favicon.svg" type="image/svg+xml" />
      {script ? <script src={script} defer /> : null}
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <strong>Coffee Shop console</strong>
        {caller ? (
          <>
            <nav aria-label="Console">
              <ul>
                <li>
                  <a href="/console">Dashboard</a>
                </li>
                {caller.admin ? (
                  <li>
                    <a href="/console/users">Users</a>
                  </li>
                ) : null}
                <li>
                  <a href="/console/shops">Shops</a>
                </li>
                {caller.admin ? (
                  <li>
                    <a href="/console/audit">Audit trail</a>
                  </li>
                ) : null}
                {caller.admin ? (
                  <li>
                    <a href="/console/events">Events</a>
                  </li>
                ) : null}
                {caller.admin ? (
                  <li>
                    <a href="/console/clients">Apps</a>
                  </li>
                ) : null}
              </ul>
            </nav>
            <form method="post" action="/console/logout">
              <input type="hidden" name="_csrf" value={caller.csrf} />
              <button type="submit">Sign out {caller.name}</button>
            </form>
          </>
        ) : null}
      </header>
      <main id="main">
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </html>
);

export const LoginPage: FC<{ error?: string; mfaToken?: string }> = ({ error, mfaToken }) => (
  <Layout title="Sign in" script={mfaToken ? undefined : "/console/passkey.js"}>
    {error ? (
      <p class="error" role="alert">
        {error}
      </p>
    ) : null}
    {mfaToken ? (
      <form method="post" action="/console/login/mfa">
        <input type="hidden" name="mfa_token" value={mfaToken} />
        <label for="code">Code from your authenticator app (or a recovery code)</label>
        <input id="code" name="code" autocomplete="one-time-code" required />
        <p>
          <button type="submit">Continue</button>
        </p>
      </form>
    ) : (
      <form method="post" action="/console/login">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <p>
          <button type="submit">Sign in</button>
        </p>
        <p>The console needs two-step sign-in (MFA) and the admin or shop manager role.</p>
      </form>
    )}
    {mfaToken ? null : (
      <form method="post" action="/console/login/passkey" id="passkey-form">
        <input type="hidden" name="response" id="passkey-response" />
        <button type="button" id="passkey" hidden>
          Sign in with a passkey
        </button>
        <p id="passkey-status" role="status" />
      </form>
    )}
  </Layout>
);

const COLORS = { signup: "#0b4f8a", verify: "#2f6b2a", "login.success": "#a15c00" } as const;
const LABELS = { signup: "Sign-ups", verify: "Verifications", "login.success": "Logins" } as const;
/** The legend's colours, as classes (the CSP allows no inline style). */
const SWATCHES = {
  signup: "swatch-signup",
  verify: "swatch-verify",
  "login.success": "swatch-login",
} as const;

/** Sign-ups, verifications and logins per day: grouped bars drawn on the server. */
export const Chart: FC<{ data: Dashboard }> = ({ data }) => {
  const width = 600;
  const height = 200;
  const pad = 24;
  const max = Math.max(1, ...Object.values(data.series).flat());
  const slot = (width - pad * 2) / data.days.length;
  const bar = slot / 4;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="chart-title"
        width={width}
        height={height}
      >
        <title id="chart-title">
          Sign-ups, verifications and logins per day over the last {data.days.length} days (max{" "}
          {max} a day)
        </title>
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#555" />
        {(Object.keys(data.series) as (keyof Dashboard["series"])[]).map((type, s) =>
          data.series[type].map((n, d) => {
            const h = ((height - pad * 2) * n) / max;
            return (
              <rect
                x={pad + d * slot + s * bar}
                y={height - pad - h}
                width={bar}
                height={h}
                fill={COLORS[type]}
              />
            );
          }),
        )}
        <text x={pad} y={height - 6} font-size="14" fill="#333">
          {data.days[0]}
        </text>
        <text x={width - pad} y={height - 6} font-size="14" fill="#333" text-anchor="end">
          {data.days.at(-1)}
        </text>
      </svg>
      <figcaption>
        <p>
          From {data.days[0]} to {data.days.at(-1)} (UTC days)
        </p>
        <ul class="legend">
          {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((type) => (
            <li>
              <span class={`swatch ${SWATCHES[type]}`} aria-hidden="true" />
              {LABELS[type]}: {data.series[type].reduce((a, b) => a + b, 0)} in {data.days.length}{" "}
              days
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
};

export const Table: FC<{ caption: string; head: string[]; rows: Child[][] }> = ({
  caption,
  head,
  rows,
}) => (
  // A region the keyboard can reach and scroll, when a wide table does not fit the screen.
  <section class="scroll" tabindex={0} aria-label={caption}>
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colspan={head.length}>Nothing here.</td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr>
              {row.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  </section>
);

/** A form with the session's CSRF token. */
export const PostForm: FC<{
  action: string;
  csrf: string;
  label: string;
  /** The button's accessible name, when its visible label is short ("Revoke"). */
  name?: string;
  danger?: boolean;
  children?: Child;
}> = ({ action, csrf, label, name, danger, children }) => (
  <form method="post" action={action}>
    <input type="hidden" name="_csrf" value={csrf} />
    {children}
    <p>
      <button type="submit" class={danger ? "danger" : undefined} aria-label={name}>
        {label}
      </button>
    </p>
  </form>
);

/** "3 min ago", "2 h ago", "5 d ago" — how long before `now`, for a person scanning a table. */
export function ago(iso: string, now = new Date()): string {
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return "";
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const span =
    s < 60
      ? `${s} s`
      : s < 3600
        ? `${Math.floor(s / 60)} min`
        : s < 86_400
          ? `${Math.floor(s / 3600)} h`
          : `${Math.floor(s / 86_400)} d`;
  return future ? `in ${span}` : `${span} ago`;
}

/** A time as people read it: UTC to the minute, and how long ago; the exact value on hover. */
export const When: FC<{ at: string | null | undefined; empty?: string }> = ({ at, empty }) =>
  at ? (
    <time datetime={at} title={at}>
      {at.slice(0, 16).replace("T", " ")} UTC · {ago(at)}
    </time>
  ) : (
    <span>{empty ?? "—"}</span>
  );

/** A person as an email (the id on hover), or a dash. */
export const Person: FC<{ id: string | null; emails: Record<string, string> }> = ({
  id,
  emails,
}) =>
  id ? (
    <a href={`/console/users/${id}`} title={id} class="wrap">
      {emails[id] ?? "a deleted account"}
    </a>
  ) : (
    <span>—</span>
  );
