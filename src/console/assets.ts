/** The console's own files: its stylesheet, its icon, and the sign-in page's one script (passkeys). */

export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fafaf7}
a{color:#0b4f8a}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
header{background:#3b2414;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
header a{color:#fff}
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:12px;margin:0;padding:0}
header form{margin-left:auto}
main{padding:16px;max-width:72rem;margin:0 auto}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:12px;padding:0;list-style:none}
.cards li{background:#fff;border:1px solid #d6d2c4;border-radius:6px;padding:12px}
.cards strong{display:block;font-size:1.4rem}
.scroll{overflow-x:auto;max-width:100%;background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/40px 100% no-repeat local,linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/40px 100% no-repeat local,radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.25),transparent) left/14px 100% no-repeat scroll,radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.25),transparent) right/14px 100% no-repeat scroll}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d6d2c4;padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
.wrap{overflow-wrap:anywhere}
caption{text-align:left;font-weight:600;padding:4px 0}
form.inline{display:inline}
label{display:block;margin:.5rem 0 .2rem}
input,select,button{font:inherit;padding:6px 8px;max-width:100%}
button{background:#3b2414;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.danger{background:#a11a1a}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end}
.error{background:#fde8e8;border:1px solid #a11a1a;padding:8px 12px;border-radius:4px}
.notice{background:#e7f4e4;border:1px solid #2f6b2a;padding:8px 12px;border-radius:4px}
figure{margin:0}
svg{max-width:100%;height:auto;background:#fff;border:1px solid #d6d2c4}
.legend{display:flex;flex-wrap:wrap;gap:12px;padding:0;list-style:none}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px}
.swatch-signup{background:#0b4f8a}.swatch-verify{background:#2f6b2a}.swatch-login{background:#a15c00}
`;

export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M2 5h9v5a4 4 0 0 1-4 4H6a4 4 0 0 1-4-4z" fill="#3b2414"/><path d="M11 6h1.5a2 2 0 0 1 0 4H11" stroke="#3b2414" fill="none"/></svg>`;

/**
 * The one script of the console, for passkeys (navigator.credentials needs one): self-hosted at
 * /console/passkey.js, so the CSP allows `script-src 'self'` on the sign-in page only. The
 * provider's sign-in page (oauth/authorize-page.tsx) serves the same script.
 */
export { PASSKEY_JS } from "../passkeys/browser-script";
