/** The reset page's one script (served by auth/reset-page.tsx, CSP 'self'). */

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
