/** The reset page's stylesheet and its one script (served by auth/reset-page.tsx, CSP 'self'). */

export const RESET_CSS = `
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

/**
 * Copies the address and the code from the link's fragment (#email=…&code=…) into the form,
 * then wipes the fragment from the address bar and history, and puts the cursor on the password.
 */
export const RESET_JS = `
(function () {
  var hash = window.location.hash.slice(1);
  if (!hash) return;
  var params = new URLSearchParams(hash);
  var ready = function () {
    var email = params.get("email"), code = params.get("code");
    if (email) document.getElementById("email").value = email;
    if (code) document.getElementById("code").value = code;
    history.replaceState(null, "", window.location.pathname);
    if (email && code) document.getElementById("new_password").focus();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
`;
