import type { Handler } from "hono";
import type { FC } from "hono/jsx";
import type { AppBindings } from "../http/types";

/**
 * What the service's pages for people share (the reset page, the invitation page, the OpenID
 * provider's sign-in and consent pages): their frame, their stylesheet, a problem shown as an
 * alert, and how a page's own file is served. Their guards are form-guards.ts.
 */

export const PAGE_CSS = `
:root { color-scheme: light; --ink: #2b1a0e; --accent: #6b3e1f; --bad: #8a1c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: #faf6f1; }
main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; }
h1 { font-size: 1.4rem; margin-top: 0; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { display: block; width: 100%; margin-top: .25rem; padding: .6rem; font: inherit; border: 1px solid #7a6a5c; border-radius: 4px; }
input:focus, button:focus { outline: 3px solid #1d5fd1; outline-offset: 2px; }
button { margin-top: 1.5rem; width: 100%; padding: .75rem; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; border-radius: 4px; cursor: pointer; }
#problem { color: var(--bad); font-weight: 600; }
h2 { font-size: 1.1rem; margin-top: 2rem; }
button.secondary { background: #fff; color: var(--accent); border: 2px solid var(--accent); }
@media (max-width: 400px) { main { margin: 0; border-radius: 0; } }
`;

const TYPES = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8" } as const;

/** A page's own stylesheet or script, cached an hour (the pages' CSP allows only 'self'). */
export function asset(body: string, type: keyof typeof TYPES): Handler<AppBindings> {
  return (c) =>
    c.body(body, 200, { "Content-Type": TYPES[type], "Cache-Control": "public, max-age=3600" });
}

/** A page's frame: no referrer, the console's icon, its stylesheet and (if any) its one script. */
export const PersonPage: FC<{
  title: string;
  stylesheet: string;
  script?: string | undefined;
  /** The class of `<main>`, when the page sets one. */
  mainClass?: string | undefined;
  children?: unknown;
}> = ({ title, stylesheet, script, mainClass, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{title} — Coffee Shop</title>
      <link rel="icon" href="/console/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href={stylesheet} />
      {script ? <script src={script} defer /> : null}
    </head>
    <body>
      <main class={mainClass}>
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </html>
);

/** A refusal on a page, read out by screen readers. */
export const Problem: FC<{ error?: string | undefined }> = ({ error }) =>
  error ? (
    <p role="alert" id="problem">
      {error}
    </p>
  ) : null;
