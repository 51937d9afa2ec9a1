// Generated from openapi/openapi.json by openapi-typescript (`npm run openapi`). Do not edit.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers 200 whenever the Worker runs. Does no I/O and ignores configuration.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Answers 200 when the configuration is valid and D1 answers a query; otherwise 503 `unavailable`, naming the failing setting or dependency (never a secret value).
         */
        get: operations["healthReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public keys that verify access tokens
         * @description The JSON Web Key Set (RFC 7517) other services verify access tokens with: the public half of `JWT_SIGNING_KEY` first, then the older keys of `JWT_VERIFY_KEYS` kept during a rotation. A token is valid only if its header's `kid` is listed here and its `alg` is that key's `alg`. Empty (`{"keys": []}`) in the default HS256 mode, where only this service can verify tokens. Cacheable for 300 seconds (`Cache-Control: public, max-age=300`), less than the rotation's overlap. A valid signature does not mean the session is still live: ask the service binding's `verifyAccessToken` when an ended session must be refused before its tokens expire.
         */
        get: operations["jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/apple-app-site-association": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which iOS apps may use this domain's passkeys
         * @description Apple's association file: the apps of APPLE_APP_IDS (`TEAMID.bundle.id`) may create and use passkeys for this relying party. 404 while none is configured.
         */
        get: operations["appleAppSiteAssociation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/assetlinks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which Android apps may use this domain's passkeys
         * @description Digital Asset Links: the apps of ANDROID_APP_FINGERPRINTS (`package=SHA-256 of the signing certificate`) share this domain's credentials. 404 while none is configured.
         */
        get: operations["assetLinks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Gauges read from D1 for dashboards and alerts, in the Prometheus text format: accounts by `role` and `status`, accounts with MFA, active sessions, sign-ups, verifications and logins by `outcome` in the last 24 hours (from the audit trail), the last purge's time, counts and duration, and the mail outbox's backlog. Every count reads an index only, in one D1 round trip, and the body is reused for 60 seconds (Cache API; `accounts_metrics_generated_timestamp_seconds` says when it was read), so a scrape every 15 seconds costs almost nothing. Needs `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time; when `METRICS_TOKEN` is not set the endpoint does not exist (404, as any unknown path). Not under `/v1`: it is for operators, not API clients.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign up
         * @description Creates a pending account and mails a 6-digit verification code. Signing up again with a pending address replaces its password and profile and mails a new code (older codes stop working). For an address that is already verified nothing changes and an 'account exists' notice is mailed instead — the response is identical in every case, so it reveals nothing. At most one mail per address per 60 s (429). Limited to 10 requests per minute per IP.
         */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify the email address
         * @description Proves ownership of the mailbox with the emailed code **and** the account password, so nobody can pre-register someone else's address and keep it. Returns a session. A wrong password (401) or code (400) counts as an attempt; the 5th failed attempt burns the code (429 `too_many_attempts`). Codes are single-use and expire after 15 minutes. An already verified account answers 409 (to the right password only). 20 requests per minute per IP.
         */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/resend-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend the verification code
         * @description Always 202. For a pending account a new code is mailed and older codes stop working. At most one mail per address per 60 s (429). 5 requests per minute per IP.
         */
        post: operations["resendCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in
         * @description Exchanges email and password for an access token (15 min) and a refresh token (30 days). An unknown email and a wrong password get the same 401 after the same work. A right password on an unverified account gets 403. After 10 consecutive failures for an email, every attempt for it gets 429 with Retry-After for a delay that doubles with each further failure (1 s … 15 min); a success resets it. 20 requests per minute per IP.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the refresh token
         * @description Spends the refresh token and returns a new pair. Each refresh token works once: presenting a spent one again is treated as theft — 401 `token_reused` and its whole session ends, the tokens just handed out included (RFC 9700 §4.14.2). Of concurrent refreshes with one token, at most one succeeds. A session lasts at most SESSION_MAX_AGE_SECONDS (90 days) from its sign-in, whatever the refreshes. With no `refresh_token` in the body (or no body), the browser session's cookie is used: the request then needs an `Origin` of this API or of CORS_ORIGINS (403 otherwise), and the answer sets the rotated cookie instead of returning the token.
         */
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log out one session
         * @description Ends the refresh token's session: its refresh tokens stop working at once, and so do its access tokens, on their next request. Idempotent: unknown or already ended sessions also get 204. With no `refresh_token` in the body, the browser session's cookie is used (same Origin rule as refresh) and cleared.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log out everywhere
         * @description Revokes every refresh token of the caller and invalidates every access token already issued.
         */
        post: operations["logoutAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Request a password reset code
         * @description Always 202. A 6-digit reset code is mailed to verified accounts only (same rules as verification codes). At most one mail per address per 60 s (429). 5 requests per minute per IP.
         */
        post: operations["forgotPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset the password with a code
         * @description Sets a new password with the emailed reset code, then revokes every session and every access token. Wrong codes count as attempts; the 5th burns the code. 10 requests per minute per IP.
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/email-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in without a password: ask for a code by mail
         * @description Always the same 202 after the same work, for every address; a 6-digit code (10 minutes, single use) is mailed to verified accounts only. At most one mail per address per 60 s (429). 5 requests per minute per IP.
         */
        post: operations["requestEmailCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/email-code/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with the emailed code
         * @description The code replaces the password only: with MFA on, the answer is the MFA challenge. A session signed in this way has `amr: ["email"]`. A code is compared at most 5 times; a wrong one answers the same for every address. Each try counts on the address's password backoff too, which a new code never resets. 20 requests per minute per IP.
         */
        post: operations["verifyEmailCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The providers one can sign in with
         * @description The providers of IDENTITY_PROVIDERS, each with the URL a sign-in button opens (`start_url?redirect_to=…`). Empty when none is configured.
         */
        get: operations["listIdentityProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/{provider}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start signing in with a provider (browser navigation)
         * @description 302 to the provider with a single-use `state` (bound to a `__Host-oauth` cookie set here, 10 minutes), PKCE S256 and a `nonce`. 20 per minute per IP.
         */
        get: operations["startProviderSignIn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/{provider}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provider's redirect back (GET)
         * @description Where the provider sends the browser back. The state is spent with the `__Host-oauth` cookie of the browser that started, then oauth4webapi checks the answer (RFC 9207 `iss`, the code exchange with PKCE, the ID token's `iss`, `aud`, `exp`, `nonce` and its signature by the provider's JWKS). 302 to `redirect_to` with `login_code` (60 s, single use), or with `error`: `access_denied` (the person said no), `account_exists` (a verified account holds the address — its owner links the provider from a session), `provider_email_unverified` (the provider does not vouch for the address; nothing is made), `provider_unavailable`, `invalid_response`.
         */
        get: operations["providerCallback"];
        put?: never;
        /**
         * The provider's redirect back (form_post, Sign in with Apple)
         * @description Where the provider sends the browser back. The state is spent with the `__Host-oauth` cookie of the browser that started, then oauth4webapi checks the answer (RFC 9207 `iss`, the code exchange with PKCE, the ID token's `iss`, `aud`, `exp`, `nonce` and its signature by the provider's JWKS). 302 to `redirect_to` with `login_code` (60 s, single use), or with `error`: `access_denied` (the person said no), `account_exists` (a verified account holds the address — its owner links the provider from a session), `provider_email_unverified` (the provider does not vouch for the address; nothing is made), `provider_unavailable`, `invalid_response`. Apple posts the answer cross-site, so the cookie is `SameSite=None`; the state binding is what protects the flow.
         */
        post: operations["providerCallbackFormPost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/exchange": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trade the login code for a session
         * @description A session with `amr: ["oauth"]` (one factor: aal1) — or, with MFA on, `mfa_required` and the `mfa_token`, as after a password. Single use: a second exchange is refused.
         */
        post: operations["exchangeLoginCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/oauth/{provider}/id-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in from a native app with the platform's ID token
         * @description For iOS and Android apps (Sign in with Apple, Google): the ID token is verified against the provider's JWKS (signature, `iss`, `aud` = the provider's `client_id` or one of its `native_client_ids`, `exp`); its `nonce` must be the hex SHA-256 of `nonce`; each token is accepted once. The same account rules and second step as the browser flow (docs/social-sign-in.md). 20 per minute per IP.
         */
        post: operations["signInWithIdToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The providers linked to my account
         * @description Each identity is a provider and the provider's subject; the address is the one the provider gave when it was linked (never used to find the account).
         */
        get: operations["listIdentities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/identities/{provider}/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link a provider to my account (step-up, then a browser navigation)
         * @description Linking adds a way in, so it starts with a step-up proof: the current password (behind the login backoff) — or, for an account without a password, a sign-in of this session in the last 5 minutes. The answer is a one-time URL (2 minutes) the app opens in the browser; the provider's flow then ends on `redirect_to` with `linked=<provider>`, or `error=identity_in_use` when that provider account already opens another account here. The holder is told by mail.
         */
        post: operations["linkIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/identities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unlink a provider
         * @description Never the last way in: the account must keep a password, another provider or a passkey (409 otherwise). Audited.
         */
        delete: operations["removeIdentity"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's account
         * @description Returns the authenticated user.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Delete the caller's account
         * @description Deletes the account with its codes and tokens after checking the password (an account without one: a sign-in of the last 5 minutes). The last admin cannot delete themselves (409 `last_admin`).
         */
        delete: operations["deleteMe"];
        options?: never;
        head?: never;
        /**
         * Update the caller's profile
         * @description Changes `name` and/or `surname` (≤ 100 characters; `null` clears). Any other field — `role`, `status`, `email`, `id`, `verified_at` … — is rejected with 422.
         */
        patch: operations["patchMe"];
        trace?: never;
    };
    "/v1/users/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything held about the caller
         * @description One JSON document with all the service holds about the caller (docs/export.md, field by field): the profile, sessions (ended ones until the nightly purge), passkey and provider metadata, shop memberships, invitations to the address, keys they made, consents, and the audit events about them or by them (another person who acted is "someone else", with no address). Never a password, hash, token, code, key or secret. One export an hour per account (429 with Retry-After).
         */
        get: operations["exportMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the password
         * @description Requires the current password. Every other session and every earlier access token is revoked; the response carries a fresh token pair for the caller.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the email address
         * @description Checks the current password (behind the same backoff as login: 10 failures, then a doubling delay) and mails a 6-digit code to the **new** address — the proof that the caller owns it; nothing changes until `…/email/confirm`. The code is bound to that address, works once, expires after 15 minutes and is burned by 5 wrong tries. An address that already has an account gets the same 202 after the same work, no code, and its owner is told someone tried to use it. At most one mail per address per 60 s (429).
         */
        post: operations["requestEmailChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/email/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm the new email address
         * @description The code mailed to the new address moves the account there. Every other session ends (their tokens stop working at once); the caller goes on in a new session, returned here (as a cookie for a cookie session). The old address is told, with the new one partly masked. If the address was taken meanwhile (a sign-up won the race), 409 and nothing changes.
         */
        post: operations["confirmEmailChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/passkeys/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start adding a passkey
         * @description Adding a passkey binds a new way in, so it starts with a step-up proof: the current password (behind the login backoff), or for an account without one a sign-in of the last 5 minutes — a bare access token never adds a passkey. Answers the registration options for the caller (their passkeys excluded; user verification required). EdDSA, ES256, RS256.
         */
        post: operations["passkeyRegistrationOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My passkeys
         * @description The caller's passkeys, oldest first — never a public key or a credential id.
         */
        get: operations["listPasskeys"];
        put?: never;
        /**
         * Add a passkey
         * @description The browser's answer to the registration options. The holder is told by mail.
         */
        post: operations["addPasskey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/passkeys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a passkey
         * @description The last strong factor (the only passkey of an account without TOTP MFA) needs `password` (behind the password backoff). The holder is told by mail.
         */
        delete: operations["removePasskey"];
        options?: never;
        head?: never;
        /**
         * Rename a passkey
         * @description Only the name changes.
         */
        patch: operations["renamePasskey"];
        trace?: never;
    };
    "/v1/auth/passkey/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a passkey sign-in
         * @description Discoverable credentials: no email needed.
         */
        post: operations["passkeySignInOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/passkey/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a passkey
         * @description User verification is required (an assertion without the UV flag → 400 `invalid_code` saying so), so a passkey sign-in is multi-factor and phishing-resistant (aal2): the session's `amr` is `["hwk", "user", "mfa"]`, no TOTP follows, and it satisfies ADMIN_MFA_REQUIRED. A signature counter that does not grow is refused (unless both are 0).
         */
        post: operations["passkeySignIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What each shop role may do
         * @description The fixed table of permissions per shop role. Sibling services and tills use these words (`authorize(token, shopId, permission)` over the Service Binding; an API key's `scopes`).
         */
        get: operations["getPermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List shops
         * @description Admins: every shop. Everyone else: the shops they belong to, with their `role`. Newest first, keyset pages (pass `next_cursor` back as `cursor`; a cursor is bound to its filters).
         */
        get: operations["listShops"];
        put?: never;
        /**
         * Create a shop (admin)
         * @description `slug` is unique (`[a-z0-9-]{3,40}`); `timezone` an IANA name. The shop starts `active` and without members: invite its owner next.
         */
        post: operations["createShop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shops/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a shop (members, admins)
         * @description The shop, for its members and for admins; 404 for anyone else (as for a shop that does not exist).
         */
        get: operations["getShop"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a shop (owner, admin)
         * @description Closing a shop keeps its members and refuses new invitations and keys.
         */
        patch: operations["patchShop"];
        trace?: never;
    };
    "/v1/shops/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A shop's staff (manager+, admin)
         * @description Oldest first, keyset pages.
         */
        get: operations["listMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shops/{id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member (rank rule), or leave
         * @description By the rank rule, by an admin, or the member themself. A shop's last owner can be removed only by an admin (409 `last_owner`). The member's access tokens stop working at once.
         */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role (rank rule)
         * @description Only to and from roles strictly below the caller's own (an owner manages managers and baristas, a manager baristas); admins may do anything; nobody changes their own role. A demotion ends the member's current access tokens at their next request; a promotion shows in the `shops` claim at their next refresh.
         */
        patch: operations["patchMember"];
        trace?: never;
    };
    "/v1/shops/{id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pending invitations (manager+, admin)
         * @description Invitations not yet accepted, revoked or expired, newest first, keyset pages. Never the token.
         */
        get: operations["listInvitations"];
        put?: never;
        /**
         * Invite someone by email (rank rule)
         * @description 202 whether or not the address has an account; a mail with a single-use token (7 days) is on its way. A pending invitation of the same address to the same shop is replaced — by the rank rule for its role as well as the new one. One address gets at most one invitation mail per shop a minute, revoked invitations included (429 with Retry-After), and each inviter has a rate limit (INVITE_LIMITER). Invitations never wait for the address's mail cooldown. A closed shop takes none (409).
         */
        post: operations["invite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shops/{id}/invitations/{invitation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an invitation (rank rule)
         * @description By the rank rule (the invitation's role strictly below the caller's) or an admin. Its token stops working at once.
         */
        delete: operations["revokeInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation
         * @description Signed in with the verified address the invitation was sent to. The membership is created in the same batch that spends the token: accepting twice, after revocation or after expiry is 400 `invalid_code`. The new role shows in the `shops` claim at the next refresh.
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My shops
         * @description Every shop the caller belongs to, with their role there, oldest membership first.
         */
        get: operations["listMyMemberships"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shops/{id}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A shop's live keys (owner, manager, admin)
         * @description Keys not revoked, newest first, keyset pages — never the key itself; `last_used_at` is at most a minute behind.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Make a key for a till or kiosk (owner, manager, admin)
         * @description The key (`csk_` + 256 random bits) is in this answer only; it is stored as its SHA-256. `scopes` must be a subset of the maker's own permissions in the shop. A closed shop takes no new keys (409).
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shops/{id}/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a key (owner, manager, admin)
         * @description Refused by this API from the next request; sibling Workers that verify keys over the Service Binding cache an answer for up to 30 s.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/self": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key that calls (for tills)
         * @description `Authorization: Bearer csk_…`. Every key that is not live — malformed, expired, revoked, of a closed shop — gets the same 401 `invalid_token`; a person's access token too. Each key has its own rate limit (429 with Retry-After).
         */
        get: operations["apiKeySelf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where I am signed in
         * @description The caller's live sessions, newest first: each sign-in (verify, login, MFA completion) with where and how it happened and when it was last refreshed. Exactly one is `current`. Ended sessions, sessions past their absolute end and sessions idle longer than the refresh-token lifetime are not listed.
         */
        get: operations["listMySessions"];
        put?: never;
        post?: never;
        /**
         * Sign out everywhere else
         * @description Ends every session of the caller except the current one. Audited as `session.revoke` with the number of sessions ended.
         */
        delete: operations["endMyOtherSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End one of my sessions
         * @description Signs out one device: the session's refresh tokens stop working at once and its access tokens fail on their next request (401 `invalid_token`). Ending the current session is allowed (it is a logout). Audited as `session.revoke`.
         */
        delete: operations["endMySession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user's sessions (admin)
         * @description The same list as GET /v1/users/me/sessions, for any user.
         */
        get: operations["listUserSessions"];
        put?: never;
        post?: never;
        /**
         * Force a user to log out (admin)
         * @description Ends every session of the user: all their refresh tokens stop working and their access tokens fail on their next request. Audited as `admin.sessions_revoke`.
         */
        delete: operations["endUserSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a sign-in with the second factor
         * @description The `mfa_token` of a login (or verify) that answered `mfa_required`, with a TOTP code (`code`: the current step ±1, never one already accepted) or a recovery code (`recovery_code`: works once; the user is mailed). Returns the session, with `amr: ["pwd","otp"]` or `["pwd","recovery"]`. The token lives 5 minutes and takes 5 attempts (reserved before any comparison) and one success. `refresh_token_transport` as for login (default: what the login asked for). 20 requests per minute per IP.
         */
        post: operations["verifyMfa"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/mfa/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Text a sign-in code to the enrolled number
         * @description For a sign-in that answered `mfa_required` with `sms` among its `methods`: texts a code to the number the account enrolled (never one the request names). Complete the sign-in with POST /v1/auth/mfa/verify `{mfa_token, sms_code}`; the session's `amr` then ends in `sms`.
         */
        post: operations["textMfaCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/mfa/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Text a code to a number, to enrol it
         * @description SMS is a *restricted* second factor (NIST SP 800-63B-4): a SIM swap gives a thief the codes, so it completes a sign-in but never gives admin power or opens the console; TOTP and passkeys are offered beside it and recommended. Checks the step-up proof (the password; an account without one: a sign-in of the last 5 minutes), then texts a code to `phone` (E.164, a calling code of SMS_COUNTRIES, else 422) through the Verify API. Nothing is enrolled until `…/sms/confirm`; a new number replaces a pending one, and a confirmed number stays until the new one is confirmed.
         */
        post: operations["enrolSms"];
        /**
         * Stop texting codes
         * @description After the step-up proof, the number no longer receives codes. While texts are the only second factor this is refused (409): add an authenticator app first, or turn MFA off with DELETE /v1/users/me/mfa (the password and a recovery code). The user is mailed.
         */
        delete: operations["removeSms"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/mfa/sms/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm the texted code: the number is enrolled
         * @description SMS is a *restricted* second factor (NIST SP 800-63B-4): a SIM swap gives a thief the codes, so it completes a sign-in but never gives admin power or opens the console; TOTP and passkeys are offered beside it and recommended. The code texted to the pending number (10 minutes; the provider allows 5 tries) makes it the account's number for codes. If MFA was off it is now on: every other session ends, this one counts the text as its second factor, and 10 recovery codes are returned this once (empty when MFA was already on). The user is mailed.
         */
        post: operations["confirmSms"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's MFA state
         * @description Whether TOTP MFA is on, how many recovery codes are left, and whether an enrolment waits for its confirmation.
         */
        get: operations["getMfaStatus"];
        put?: never;
        post?: never;
        /**
         * Turn MFA off
         * @description The password and a second factor (a TOTP code or a recovery code) turn MFA off; the recovery codes are deleted. Sessions stay. The user is mailed.
         */
        delete: operations["disableMfa"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/mfa/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a TOTP enrolment
         * @description Checks the password (behind the login backoff; an account without one: a sign-in of the last 5 minutes) and returns a new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s; issuer MFA_ISSUER) and its `otpauth://` URI. Nothing changes until `…/totp/confirm`; starting again replaces a pending enrolment. 409 if MFA is already on.
         */
        post: operations["enrolTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/mfa/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn MFA on
         * @description A code from the app confirms the pending enrolment: MFA is on, every other session ends, and the 10 recovery codes are returned — this once. The current session counts as a second-factor session from now on. 5 wrong codes void the enrolment. The user is mailed.
         */
        post: operations["confirmTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/mfa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * New recovery codes
         * @description The password and a second factor (a TOTP code or a recovery code) make a new set of 10 recovery codes, returned this once; the old set is dead. The user is mailed.
         */
        post: operations["regenerateRecoveryCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Reset a user's second factors (admin)
         * @description For a user who lost their second factors, once who they are is established out of band: every second factor goes — TOTP, recovery codes, any pending enrolment *and every passkey* (a passkey is a second factor in itself). Audited as `admin.mfa_reset`; the user is mailed. Idempotent.
         */
        delete: operations["resetUserMfa"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Keyset pagination: pass `next_cursor` back as `cursor` until it is null. A cursor is opaque and bound to its sort and filters (a tampered or mismatched one is 422). Every sort and filter combination is served by an index, so a page costs the same at any depth and table size (with `q` and a `created_at` sort, the cost grows with the matches only).
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user
         * @description Creates an account directly — `verified` with `verified_at` set unless `status` says otherwise — with the same password policy as sign-up. No mail is sent.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user
         * @description One user by id.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        /**
         * Delete a user
         * @description Deletes the user with their codes and refresh tokens. The last active admin cannot be deleted.
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        /**
         * Update a user
         * @description Changes name, surname, role or status. A role or status change takes effect on the user's very next request: their access tokens stop working (401 `invalid_token`) and a refresh yields a token with the new role. Setting `pending` keeps `verified_at`. Demoting or suspending the last active admin is refused (409 `last_admin`).
         */
        patch: operations["patchUser"];
        trace?: never;
    };
    "/v1/users/{id}/ban": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ban a user
         * @description Every session of the user ends at once, every access token stops working. Until `until` (or until lifted, without it) a correct password, passkey or code answers 403 `account_banned` with the end; a wrong one the usual 401. Audited with the reason; the user is told when it ends, not why. Admins cannot ban themselves or the last active admin.
         */
        post: operations["banUser"];
        /**
         * Lift a ban
         * @description The user may sign in again (their old sessions stay ended). Idempotent; audited; the user is told.
         */
        delete: operations["unbanUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the audit trail
         * @description Security-relevant events, newest first, with the same keyset pagination as the user list. Filters: `actor`, `target` (user ids), `type`. Events older than AUDIT_RETENTION_DAYS are pruned nightly.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The registered clients (admin)
         * @description Newest first, revoked ones included; never a secret.
         */
        get: operations["listOAuthClients"];
        put?: never;
        /**
         * Register an app that signs people in with this service (admin)
         * @description A `public` client (a mobile or single-page app) proves itself with PKCE alone; a `confidential` one (a server) also with `client_secret`, in this answer only (kept as its SHA-256). Redirect URIs are compared exactly: https, the loopback IPs `http://127.0.0.1` and `http://[::1]` (any port at sign-in, RFC 8252), or a private-use scheme that is a reversed domain (`com.example.app:/cb`) — the last two for public clients only. `first_party`: the chain's own app, shown no consent page.
         */
        post: operations["createOAuthClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth/clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One client (admin)
         * @description Never its secret.
         */
        get: operations["getOAuthClient"];
        put?: never;
        post?: never;
        /**
         * Revoke a client (admin)
         * @description It signs nobody in again, and every grant it holds stops working: its refresh tokens are refused and its access tokens fail at userinfo and introspection. Idempotent; audited; `oauth_client.revoked` is sent.
         */
        delete: operations["revokeOAuthClient"];
        options?: never;
        head?: never;
        /**
         * Change a client (admin)
         * @description Its name, redirect URIs, scopes or first-party flag — never its kind or secret (register a new client for those). The same rules as at registration. A change applies to the next authorization: grants already made keep their scopes until they end (revoke the client to end them all). Audited; `oauth_client.updated` is sent.
         */
        patch: operations["updateOAuthClient"];
        trace?: never;
    };
    "/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OpenID provider metadata (discovery)
         * @description OpenID Connect Discovery 1.0: the issuer (`PUBLIC_URL`), the endpoints, what is supported (code flow, PKCE S256, `none`/`login`/`consent` prompts). 503 while JWT_SIGNING_KEY (an asymmetric key) or PUBLIC_URL is missing.
         */
        get: operations["openidConfiguration"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start a sign-in for an app (a page for people)
         * @description Authorization code flow only, PKCE S256 for every client, `state`, `nonce`, `prompt`, `max_age`, `login_hint`. An HTML page: the hosted sign-in (password and second step, passkey, mailed code, the configured providers), then consent for third-party apps; then 302 to the redirect URI with `code`, `state` and `iss`. An unknown client or an inexact redirect URI is a 400 page and never a redirect; other errors go back to the redirect URI (RFC 6749 §4.1.2.1).
         */
        get: operations["oauthAuthorize"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeem a code, or refresh a grant
         * @description `authorization_code`: single use, 60 seconds, bound to the client, the redirect URI and the PKCE verifier; a second use ends the grant the first started. `refresh_token`: the API's rotation and reuse detection, for the client's own grants only. Client authentication: `client_secret_basic` or `client_secret_post` (confidential), `none` (public). One D1 round trip.
         */
        post: operations["oauthToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/userinfo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in person's claims, for the app
         * @description With a grant's access token (Bearer). `sub` and the claims of the granted scopes: `email`/`email_verified`, `name`/`given_name`/`family_name`/`updated_at`, `shops`. One D1 round trip; an ended grant, a ban or a revoked client answers 401.
         */
        get: operations["oauthUserinfo"];
        put?: never;
        /**
         * The signed-in person's claims, for the app
         * @description With a grant's access token (Bearer). `sub` and the claims of the granted scopes: `email`/`email_verified`, `name`/`given_name`/`family_name`/`updated_at`, `shops`. One D1 round trip; an ended grant, a ban or a revoked client answers 401.
         */
        post: operations["oauthUserinfoPost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a grant by one of its tokens (RFC 7009)
         * @description A refresh or access token of this client's grants ends that grant, every token of it. Unknown tokens and other clients' tokens change nothing and get the same 200.
         */
        post: operations["oauthRevoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Is this token live? (RFC 7662, confidential clients)
         * @description About the calling client's own grants only: anything else, or a token whose grant has ended, is `{active: false}`.
         */
        post: operations["oauthIntrospect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sign out from an app (RP-initiated logout, a page for people)
         * @description With an `id_token_hint` this provider signed: the browser's session here and the grant the token names end, then 302 to `post_logout_redirect_uri` when it is one of that client's registered redirect URIs (with `state`). Without a hint, a page asks first.
         */
        get: operations["oauthLogout"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        Readiness: {
            /** @enum {string} */
            status: "ready";
            checks: {
                /** @enum {string} */
                config: "ok";
                /** @enum {string} */
                database: "ok";
            };
            /**
             * @description Features this deployment runs without, each with the secret it misses (MFA without MFA_ENCRYPTION_KEY). Everything else works.
             * @example []
             */
            disabled: {
                feature: string;
                setting: string;
            }[];
        };
        /** @description RFC 9457 problem details. */
        Problem: {
            /** @example https://accounts.example/problems/validation-failed */
            type: string;
            /** @example Validation failed */
            title: string;
            /** @example 422 */
            status: number;
            /** @example The request is invalid: email. */
            detail: string;
            /**
             * @description Stable machine-readable error code; branch on this, not on the text.
             * @enum {string}
             */
            code: "validation_failed" | "malformed_json" | "unsupported_media_type" | "payload_too_large" | "unauthorized" | "invalid_credentials" | "invalid_token" | "token_reused" | "invalid_mfa_token" | "email_not_verified" | "forbidden" | "mfa_required" | "account_banned" | "not_found" | "method_not_allowed" | "conflict" | "last_admin" | "last_owner" | "account_exists" | "invalid_state" | "invalid_redirect" | "provider_email_unverified" | "invalid_code" | "invalid_bookmark" | "code_expired" | "too_many_attempts" | "rate_limited" | "internal" | "unavailable";
            /** @description Field errors (validation_failed only); `path` is dotted. */
            errors?: {
                path: string;
                message: string;
            }[];
        };
        JwkSet: {
            keys: components["schemas"]["Jwk"][];
        };
        /** @description A public signing key (RFC 7517); never a private member. */
        Jwk: {
            /**
             * @example OKP
             * @enum {string}
             */
            kty: "OKP" | "EC";
            /**
             * @example Ed25519
             * @enum {string}
             */
            crv: "Ed25519" | "P-256";
            /** @example 11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo */
            x: string;
            /** @description ES256 (P-256) keys only. */
            y?: string;
            /**
             * @description The key id every token signed with this key names in its header.
             * @example kXlLJ5UQ5ZQ4bJ1gRUnpQhtwSWXQRrbYZ4P1aW6e1tE
             */
            kid: string;
            /**
             * @example EdDSA
             * @enum {string}
             */
            alg: "EdDSA" | "ES256";
            /** @enum {string} */
            use: "sig";
        };
        AppleAppSiteAssociation: {
            webcredentials: {
                /**
                 * @example [
                 *       "ABCDE12345.com.example.coffee"
                 *     ]
                 */
                apps: string[];
            };
        };
        AssetLinks: {
            relation: string[];
            target: {
                /** @enum {string} */
                namespace: "android_app";
                /** @example com.example.coffee */
                package_name: string;
                sha256_cert_fingerprints: string[];
            };
        }[];
        /** @description The same answer whether or not an account exists for the address (no enumeration). */
        Accepted: {
            message: string;
            /** @example ada@example.com */
            email: string;
            /** @example 2026-11-21T09:45:00.000Z */
            code_expires_at: string;
        };
        SignupRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /**
             * @description 8–128 characters (PASSWORD_MIN_LENGTH), counted in code points; any Unicode, spaces included. Must not be the email address nor a common password.
             * @example correct horse battery staple
             */
            password: string;
            /** @example Ada */
            name?: string | null;
            /** @example Lovelace */
            surname?: string | null;
        };
        SignIn: components["schemas"]["Session"] | components["schemas"]["MfaChallenge"];
        Session: {
            /** @description HS256 JWT; send as `Authorization: Bearer`. */
            access_token: string;
            /** @description Opaque; single use — each refresh returns a new one. Absent when the session uses the cookie transport (`refresh_token_transport: "cookie"`): the token is then in the HttpOnly `__Secure-refresh_token` cookie (Path=/v1/auth) instead. */
            refresh_token?: string;
            /** @enum {string} */
            token_type: "Bearer";
            /**
             * @description Access token lifetime in seconds.
             * @example 900
             */
            expires_in: number;
            user: components["schemas"]["User"];
        };
        /** @description An account. Never carries a password, hash, token or code. */
        User: {
            /**
             * Format: uuid
             * @example 0b7c8a4e-3f1d-4c55-9a57-2f1f3b0a9d11
             */
            id: string;
            /** @example ada@example.com */
            email: string;
            /** @example Ada */
            name: string | null;
            /** @example Lovelace */
            surname: string | null;
            /** @enum {string} */
            role: "user" | "admin";
            /** @enum {string} */
            status: "pending" | "verified";
            /** @example 2026-11-21T09:30:00.000Z */
            created_at: string;
            /** @example 2026-11-21T09:30:00.000Z */
            updated_at: string;
            /** @example 2026-11-21T09:35:12.000Z */
            verified_at: string | null;
            /** @description A ban is in force (POST /v1/users/{id}/ban). */
            banned: boolean;
            /** @description When the ban ends; null when not banned or banned until lifted. */
            banned_until: string | null;
            /** @description Why, while banned. */
            ban_reason: string | null;
        };
        /** @description The password was right and MFA is on: no token yet, a second factor first. */
        MfaChallenge: {
            /** @enum {boolean} */
            mfa_required: true;
            /** @description Opaque; send it to POST /v1/auth/mfa/verify with a TOTP code, a recovery code or (after POST /v1/auth/mfa/sms) a texted code. Good for 5 minutes, 5 attempts and one success. */
            mfa_token: string;
            /** @example 300 */
            expires_in: number;
            /**
             * @description The second factors this account can answer with (`sms`: it has an enrolled number).
             * @example [
             *       "totp",
             *       "recovery_code"
             *     ]
             */
            methods: ("totp" | "recovery_code" | "sms")[];
        };
        VerifyRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example correct horse battery staple */
            password: string;
            /** @example 042917 */
            code: string;
            /**
             * @description `body` (the default when omitted): the refresh token is in the JSON response. `cookie` (browsers): it is set as an HttpOnly, Secure, SameSite cookie scoped to /v1/auth and left out of the body; refresh and logout then read it from the cookie.
             * @enum {string}
             */
            refresh_token_transport?: "body" | "cookie";
        };
        EmailRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
        };
        LoginRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example correct horse battery staple */
            password: string;
            /**
             * @description `body` (the default when omitted): the refresh token is in the JSON response. `cookie` (browsers): it is set as an HttpOnly, Secure, SameSite cookie scoped to /v1/auth and left out of the body; refresh and logout then read it from the cookie.
             * @enum {string}
             */
            refresh_token_transport?: "body" | "cookie";
        };
        RefreshRequest: {
            /**
             * @description Omit (or send no body) to use the refresh-token cookie of a browser session.
             * @example q3Jc1b3m2mX0z9yVt8sWkq3Jc1b3m2mX0z9yVt8sWkQ
             */
            refresh_token?: string;
        };
        PasswordResetRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example 042917 */
            code: string;
            /**
             * @description 8–128 characters (PASSWORD_MIN_LENGTH), counted in code points; any Unicode, spaces included. Must not be the email address nor a common password.
             * @example correct horse battery staple
             */
            new_password: string;
        };
        EmailCodeSignInRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @example 042917 */
            code: string;
            /**
             * @description `body` (the default when omitted): the refresh token is in the JSON response. `cookie` (browsers): it is set as an HttpOnly, Secure, SameSite cookie scoped to /v1/auth and left out of the body; refresh and logout then read it from the cookie.
             * @enum {string}
             */
            refresh_token_transport?: "body" | "cookie";
        };
        IdentityProviders: {
            providers: {
                /** @example google */
                id: string;
                /** @example Google */
                name: string;
                /** @enum {string} */
                kind: "oidc" | "apple";
                /** @example /v1/auth/oauth/google/start */
                start_url: string;
            }[];
        };
        LoginCodeExchangeRequest: {
            /** @description The `login_code` the redirect carried (60 s, single use). */
            login_code: string;
            /**
             * @description `body` (the default when omitted): the refresh token is in the JSON response. `cookie` (browsers): it is set as an HttpOnly, Secure, SameSite cookie scoped to /v1/auth and left out of the body; refresh and logout then read it from the cookie.
             * @enum {string}
             */
            refresh_token_transport?: "body" | "cookie";
        };
        IdTokenSignInRequest: {
            /** @description The ID token the platform (Sign in with Apple, Google) gave the app. */
            id_token: string;
            /** @description The raw nonce the app generated; the token's `nonce` claim must be its hex SHA-256. */
            nonce: string;
            /**
             * @description `body` (the default when omitted): the refresh token is in the JSON response. `cookie` (browsers): it is set as an HttpOnly, Secure, SameSite cookie scoped to /v1/auth and left out of the body; refresh and logout then read it from the cookie.
             * @enum {string}
             */
            refresh_token_transport?: "body" | "cookie";
        };
        Identities: {
            items: {
                /** @example google:110169484474386276334 */
                id: string;
                /** @example google */
                provider: string;
                /** @example ada@example.com */
                email: string | null;
                /** @example 2026-12-07T10:00:00.000Z */
                created_at: string;
            }[];
        };
        IdentityLink: {
            /**
             * @description Open it in the browser (a top-level navigation) within 2 minutes; it works once.
             * @example https://accounts.example/v1/auth/oauth/google/start?redirect_to=…&link=…
             */
            link_url: string;
            expires_at: string;
        };
        LinkIdentityRequest: {
            /** @description The current password (the step-up proof). An account without one omits it: its proof is a sign-in of the last 5 minutes. */
            password?: string;
            /**
             * @description Where the browser goes back to with `login_code` (or `error`): an absolute URL on one of OAUTH_REDIRECT_ORIGINS.
             * @example https://shop.example/signed-in
             */
            redirect_to: string;
        };
        AccountExport: {
            exported_at: string;
            profile: {
                id: string;
                email: string;
                name: string | null;
                surname: string | null;
                role: string;
                status: string;
                created_at: string;
                updated_at: string;
                /** @example 2026-12-08T09:30:00.000Z */
                verified_at: string | null;
                has_password: boolean;
                mfa: {
                    /** @example 2026-12-08T09:30:00.000Z */
                    totp_enabled_at: string | null;
                    authenticator_app: boolean;
                    /** @example 23 */
                    sms_phone_ending: string | null;
                    recovery_codes_left: number;
                };
                ban: {
                    banned_at: string;
                    /** @example 2026-12-08T09:30:00.000Z */
                    banned_until: string | null;
                    reason: string | null;
                } | null;
            };
            sessions: {
                id: string;
                created_at: string;
                last_used_at: string;
                expires_at: string;
                /** @example 2026-12-08T09:30:00.000Z */
                ended_at: string | null;
                ip: string | null;
                user_agent: string | null;
                country: string | null;
                amr: string[];
            }[];
            passkeys: {
                id: string;
                name: string;
                created_at: string;
                /** @example 2026-12-08T09:30:00.000Z */
                last_used_at: string | null;
                device_type: string;
                backed_up: boolean;
                transports: string[];
                aaguid: string | null;
            }[];
            identities: {
                provider: string;
                subject: string;
                email: string | null;
                created_at: string;
            }[];
            memberships: {
                shop: {
                    id: string;
                    slug: string;
                    name: string;
                };
                role: string;
                since: string;
            }[];
            invitations: {
                shop: {
                    id: string;
                    name: string;
                };
                role: string;
                sent_at: string;
                expires_at: string;
                /** @example 2026-12-08T09:30:00.000Z */
                accepted_at: string | null;
                /** @example 2026-12-08T09:30:00.000Z */
                revoked_at: string | null;
            }[];
            api_keys_created: {
                id: string;
                shop_id: string;
                name: string;
                scopes: string[];
                created_at: string;
                /** @example 2026-12-08T09:30:00.000Z */
                revoked_at: string | null;
            }[];
            /** @description What the caller let other apps do (none yet: always empty). */
            consents: {
                client_id: string;
                scopes: string[];
                granted_at: string;
            }[];
            audit_events: {
                /** @example login.success */
                type: string;
                at: string;
                /** @enum {string} */
                by: "you" | "someone else" | "unknown";
                /** @enum {string|null} */
                about: "you" | "someone else" | null;
                ip: string | null;
                data?: unknown;
            }[];
        };
        ProfilePatch: {
            /** @example Ada */
            name?: string | null;
            /** @example Lovelace */
            surname?: string | null;
        };
        PasswordChangeRequest: {
            /** @example correct horse battery staple */
            current_password: string;
            /**
             * @description 8–128 characters (PASSWORD_MIN_LENGTH), counted in code points; any Unicode, spaces included. Must not be the email address nor a common password.
             * @example correct horse battery staple
             */
            new_password: string;
        };
        DeleteAccountRequest: {
            /**
             * @description The current password. An account without one (made by a provider sign-in) omits it: its proof is a sign-in of this session within the last 5 minutes.
             * @example espresso-doppio-42!
             */
            password?: string;
        };
        /** @description The same answer whether or not the new address is taken. */
        EmailChangeAccepted: {
            message: string;
            /** @example 2026-12-01T09:45:00.000Z */
            code_expires_at: string;
        };
        EmailChangeRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            new_email: string;
            /** @example correct horse battery staple */
            password: string;
        };
        EmailChangeConfirmation: {
            /** @example 042917 */
            code: string;
        };
        /** @description PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON: pass to `@simplewebauthn/browser` (`startRegistration` / `startAuthentication`). The challenge works once, for 5 minutes, for this ceremony only. */
        WebAuthnOptions: {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "password": "espresso-doppio-42!"
         *     }
         */
        PasskeyOptionsRequest: {
            /**
             * @description The current password. An account without one (made by a provider sign-in) omits it: its proof is a sign-in of this session within the last 5 minutes.
             * @example espresso-doppio-42!
             */
            password?: string;
        };
        Passkey: {
            /** Format: uuid */
            id: string;
            /** @example Ada's phone */
            name: string;
            created_at: string;
            last_used_at: string | null;
            /** @description Synced by a passkey provider (multi-device). */
            backed_up: boolean;
            /**
             * @example [
             *       "internal",
             *       "hybrid"
             *     ]
             */
            transports: string[];
        };
        AddPasskeyRequest: {
            name?: string;
            response: components["schemas"]["WebAuthnCredential"];
        };
        /** @description What the browser's WebAuthn call returned, as JSON (`@simplewebauthn/browser`). */
        WebAuthnCredential: {
            id: string;
            rawId: string;
            /** @enum {string} */
            type: "public-key";
            response: {
                clientDataJSON: string;
            } & {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        PasskeyList: {
            items: components["schemas"]["Passkey"][];
        };
        RenamePasskeyRequest: {
            name: string;
        };
        RemovePasskeyRequest: {
            password?: string;
        };
        PasskeySignInRequest: {
            response: components["schemas"]["WebAuthnCredential"];
            /**
             * @description `body` (the default when omitted): the refresh token is in the JSON response. `cookie` (browsers): it is set as an HttpOnly, Secure, SameSite cookie scoped to /v1/auth and left out of the body; refresh and logout then read it from the cookie.
             * @enum {string}
             */
            refresh_token_transport?: "body" | "cookie";
        };
        Permissions: {
            roles: {
                owner: ("shop.read" | "shop.update" | "staff.read" | "staff.invite" | "staff.remove" | "keys.manage" | "till.open" | "order.refund")[];
                manager: ("shop.read" | "shop.update" | "staff.read" | "staff.invite" | "staff.remove" | "keys.manage" | "till.open" | "order.refund")[];
                barista: ("shop.read" | "shop.update" | "staff.read" | "staff.invite" | "staff.remove" | "keys.manage" | "till.open" | "order.refund")[];
            };
        };
        Shop: {
            /**
             * Format: uuid
             * @example 5f3c2a10-6b8e-4d21-9c47-0a1b2c3d4e5f
             */
            id: string;
            /** @example alfama-roastery */
            slug: string;
            /** @example Alfama Roastery */
            name: string;
            /** @example Europe/Lisbon */
            timezone: string;
            /** @enum {string} */
            status: "active" | "closed";
            /** @example 2026-12-06T09:00:00.000Z */
            created_at: string;
        };
        CreateShopRequest: {
            /** @example alfama-roastery */
            slug: string;
            /** @example Alfama Roastery */
            name: string;
            /**
             * @description An IANA time zone name.
             * @example Europe/Lisbon
             */
            timezone: string;
        };
        ShopPage: {
            items: (components["schemas"]["Shop"] & {
                /**
                 * @description The caller's role (null: none).
                 * @example barista
                 * @enum {string|null}
                 */
                role: "owner" | "manager" | "barista" | null;
            })[];
            next_cursor: string | null;
        };
        PatchShopRequest: {
            /** @example Alfama Roastery */
            name?: string;
            /**
             * @description An IANA time zone name.
             * @example Europe/Lisbon
             */
            timezone?: string;
            /**
             * @description `closed` keeps the members and refuses new invitations and keys.
             * @enum {string}
             */
            status?: "active" | "closed";
        };
        MemberPage: {
            items: components["schemas"]["Member"][];
            next_cursor: string | null;
        };
        Member: {
            /** Format: uuid */
            user_id: string;
            /** @example ada@example.com */
            email: string;
            name: string | null;
            surname: string | null;
            /**
             * @example barista
             * @enum {string}
             */
            role: "owner" | "manager" | "barista";
            /** @example 2026-12-06T09:00:00.000Z */
            created_at: string;
        };
        PatchMemberRequest: {
            /**
             * @example barista
             * @enum {string}
             */
            role: "owner" | "manager" | "barista";
        };
        Invitation: {
            /** Format: uuid */
            id: string;
            /** @example bea@example.com */
            email: string;
            /**
             * @example barista
             * @enum {string}
             */
            role: "owner" | "manager" | "barista";
            /** @example 2026-12-13T09:00:00.000Z */
            expires_at: string;
        };
        InviteRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /**
             * @example barista
             * @enum {string}
             */
            role: "owner" | "manager" | "barista";
        };
        InvitationPage: {
            items: (components["schemas"]["Invitation"] & {
                created_at: string;
            })[];
            next_cursor: string | null;
        };
        AcceptedInvitation: {
            shop: components["schemas"]["Shop"];
            /**
             * @example barista
             * @enum {string}
             */
            role: "owner" | "manager" | "barista";
        };
        AcceptInvitationRequest: {
            /** @description The token from the invitation mail. */
            token: string;
        };
        MembershipList: {
            items: {
                shop: components["schemas"]["Shop"];
                /**
                 * @example barista
                 * @enum {string}
                 */
                role: "owner" | "manager" | "barista";
                created_at: string;
            }[];
        };
        CreatedApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @example csk_Xy3kQ9 */
            prefix: string;
            scopes: ("shop.read" | "shop.update" | "staff.read" | "staff.invite" | "staff.remove" | "keys.manage" | "till.open" | "order.refund")[];
            created_at: string;
            expires_at: string | null;
            /**
             * @description The key — shown this once. Store it in the till; it is kept only as a digest.
             * @example csk_Xy3kQ9wVbT0rLmN2pQ8sHdF6gJ1kA4zE7cU5iO3yR9w
             */
            key: string;
        };
        CreateApiKeyRequest: {
            /** @example Till 2, front counter */
            name: string;
            /**
             * @description Permissions of GET /v1/permissions; a subset of the maker's own in the shop.
             * @example [
             *       "till.open"
             *     ]
             */
            scopes: ("shop.read" | "shop.update" | "staff.read" | "staff.invite" | "staff.remove" | "keys.manage" | "till.open" | "order.refund")[];
            /**
             * @description 1–365; omit for a key that does not expire.
             * @example 90
             */
            expires_in_days?: number;
        };
        ApiKeyPage: {
            items: components["schemas"]["ApiKey"][];
            next_cursor: string | null;
        };
        /** @description A key as listed: never the key itself. */
        ApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @example csk_Xy3kQ9 */
            prefix: string;
            scopes: ("shop.read" | "shop.update" | "staff.read" | "staff.invite" | "staff.remove" | "keys.manage" | "till.open" | "order.refund")[];
            created_at: string;
            expires_at: string | null;
            /** @description Updated at most once a minute, after the request that used it. */
            last_used_at: string | null;
        };
        ApiKeySelf: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            shop_id: string;
            scopes: ("shop.read" | "shop.update" | "staff.read" | "staff.invite" | "staff.remove" | "keys.manage" | "till.open" | "order.refund")[];
            expires_at: string | null;
        };
        /** @description The live sessions, newest first (at most 100). */
        SessionList: {
            items: components["schemas"]["SessionInfo"][];
        };
        /** @description One sign-in and its refresh tokens. Never carries a token. */
        SessionInfo: {
            /**
             * Format: uuid
             * @example 7d1e3a52-5c7b-4a43-9b0e-0f1f3b0a9d22
             */
            id: string;
            /** @example 2026-12-01T08:00:00.000Z */
            created_at: string;
            /**
             * @description The sign-in, or the last refresh.
             * @example 2026-12-01T09:45:00.000Z
             */
            last_used_at: string;
            /**
             * @description The absolute end (SESSION_MAX_AGE_SECONDS after the sign-in).
             * @example 2027-03-01T08:00:00.000Z
             */
            expires_at: string;
            /** @example 203.0.113.7 */
            ip: string | null;
            /**
             * @description At most 256 characters.
             * @example Mozilla/5.0 (iPhone …)
             */
            user_agent: string | null;
            /**
             * @description Where Cloudflare saw the sign-in (ISO 3166).
             * @example PT
             */
            country: string | null;
            /**
             * @description How it was authenticated (RFC 8176).
             * @example [
             *       "pwd"
             *     ]
             */
            amr: ("pwd" | "email" | "oauth" | "otp" | "recovery" | "sms" | "hwk" | "user" | "mfa")[];
            /** @description The session of the request that asks. */
            current: boolean;
            /** @description The app this session was granted to through the OpenID provider (docs/openid-provider.md); null for a sign-in to the API itself. Ending it ends the app's access. */
            client: {
                /** @example cl_Q2hhaW5BcHBfX19fX19fXw */
                id: string;
                /** @example Coffee Shop loyalty site */
                name: string;
            } | null;
        };
        MfaVerifyRequest: {
            mfa_token: string;
            /**
             * @description A TOTP code from the app.
             * @example 042917
             */
            code?: string;
            /**
             * @description Instead of `code`: an unused recovery code.
             * @example k7m2q-x9c4t
             */
            recovery_code?: string;
            /**
             * @description Instead: the code texted by POST /v1/auth/mfa/sms (a restricted factor).
             * @example 318204
             */
            sms_code?: string;
            /**
             * @description `body` (the default when omitted): the refresh token is in the JSON response. `cookie` (browsers): it is set as an HttpOnly, Secure, SameSite cookie scoped to /v1/auth and left out of the body; refresh and logout then read it from the cookie.
             * @enum {string}
             */
            refresh_token_transport?: "body" | "cookie";
        };
        SmsSignInCode: {
            message: string;
            /**
             * @description The last two digits only.
             * @example ••••23
             */
            phone: string;
        };
        SmsSignInRequest: {
            mfa_token: string;
        };
        SmsEnrolment: {
            message: string;
            /**
             * @description The last two digits only.
             * @example ••••23
             */
            phone: string;
            /** @enum {boolean} */
            restricted: true;
            /** @description What SMS does not protect against, and what does. */
            notice: string;
        };
        SmsEnrolRequest: {
            /**
             * @description The current password. An account without one (made by a provider sign-in) omits it: its proof is a sign-in of this session within the last 5 minutes.
             * @example espresso-doppio-42!
             */
            password?: string;
            /** @example +14155550123 */
            phone: string;
        };
        SmsEnrolled: {
            /**
             * @description The last two digits only.
             * @example ••••23
             */
            phone: string;
            /** @enum {boolean} */
            restricted: true;
            notice: string;
            recovery_codes: string[];
        };
        SmsConfirmRequest: {
            /** @example 042917 */
            code: string;
        };
        SmsRemoveRequest: {
            /**
             * @description The current password. An account without one (made by a provider sign-in) omits it: its proof is a sign-in of this session within the last 5 minutes.
             * @example espresso-doppio-42!
             */
            password?: string;
        };
        MfaStatus: {
            enabled: boolean;
            enabled_at: string | null;
            recovery_codes_remaining: number;
            enrolment_pending: boolean;
            /** @description An authenticator app is on. */
            totp: boolean;
            /** @description Texted codes (a restricted factor). */
            sms: {
                /** @example ••••23 */
                phone: string | null;
                /** @description A number waiting for its code. */
                pending: string | null;
                /** @enum {boolean} */
                restricted: true;
            };
        };
        /** @description Pending until confirmed with a code. */
        MfaEnrolment: {
            /**
             * @description Base32 TOTP secret (SHA-1, 6 digits, 30 s), for typing into an app.
             * @example JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
             */
            secret: string;
            /**
             * @description The same as an `otpauth://` URI: draw it as a QR code in the front end.
             * @example otpauth://totp/Coffee%20Shop:ada%40example.com?issuer=Coffee%20Shop&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30
             */
            otpauth_uri: string;
        };
        MfaEnrolRequest: {
            /**
             * @description The current password. An account without one (made by a provider sign-in) omits it: its proof is a sign-in of this session within the last 5 minutes.
             * @example espresso-doppio-42!
             */
            password?: string;
        };
        MfaRecoveryCodes: {
            /**
             * @description Shown this once; each works once.
             * @example [
             *       "k7m2q-x9c4t",
             *       "p3wf8-hn62z"
             *     ]
             */
            recovery_codes: string[];
        };
        MfaConfirmRequest: {
            /** @example 042917 */
            code: string;
        };
        MfaProofRequest: {
            /** @example correct horse battery staple */
            password: string;
            /**
             * @description A 6-digit code from the authenticator app, or an unused recovery code.
             * @example 492817
             */
            code: string;
        };
        /** @description `next_cursor` is null on the last page. */
        UserPage: {
            items: components["schemas"]["User"][];
            next_cursor: string | null;
        };
        AdminCreateUserRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /**
             * @description 8–128 characters (PASSWORD_MIN_LENGTH), counted in code points; any Unicode, spaces included. Must not be the email address nor a common password.
             * @example correct horse battery staple
             */
            password: string;
            name?: string | null;
            surname?: string | null;
            /**
             * @description Default `user`.
             * @enum {string}
             */
            role?: "user" | "admin";
            /**
             * @description Default `verified` (with `verified_at` set).
             * @enum {string}
             */
            status?: "pending" | "verified";
        };
        AdminPatchUserRequest: {
            name?: string | null;
            surname?: string | null;
            /** @enum {string} */
            role?: "user" | "admin";
            /** @enum {string} */
            status?: "pending" | "verified";
        };
        BanRequest: {
            /** @example Chargeback fraud */
            reason: string;
            /**
             * Format: date-time
             * @description When the ban ends (ISO 8601, in the future); omit: until lifted.
             */
            until?: string;
        };
        AuditPage: {
            items: components["schemas"]["AuditEvent"][];
            next_cursor: string | null;
        };
        AuditEvent: {
            id: string;
            /** @enum {string} */
            type: "signup" | "verify" | "login.success" | "login.failure" | "login.mfa_required" | "login.refused" | "mfa.enable" | "mfa.disable" | "mfa.recovery_codes" | "mfa.recovery_code_used" | "mfa.sms_add" | "mfa.sms_remove" | "refresh.reuse" | "logout" | "logout_all" | "session.revoke" | "password.change" | "password.reset" | "email.change_request" | "email.change" | "account.delete" | "admin.user_create" | "admin.user_update" | "admin.user_delete" | "admin.role_change" | "admin.sessions_revoke" | "admin.mfa_reset" | "admin.ban" | "admin.unban" | "shop.create" | "shop.update" | "member.add" | "member.role" | "member.remove" | "invitation.create" | "invitation.revoke" | "invitation.accept" | "key.create" | "key.revoke" | "passkey.add" | "passkey.remove" | "identity.add" | "identity.remove" | "oauth_client.create" | "oauth_client.update" | "oauth_client.revoke" | "oauth.consent" | "oauth.grant" | "oauth.code_reuse" | "purge.run";
            /** @description Who did it (null: anonymous or system). */
            actor_id: string | null;
            /** @description The user acted upon. */
            target_id: string | null;
            request_id: string | null;
            ip: string | null;
            created_at: string;
            /** @description Non-secret details (never a password, token, code or hash). */
            data: {
                [key: string]: unknown;
            } | null;
        };
        OAuthClientCreated: components["schemas"]["OAuthClient"] & {
            client_secret?: string;
        };
        OAuthClient: {
            /** @example cl_3q2Zl5mJk1wY7dQ0aB9xUw */
            client_id: string;
            name: string;
            /** @enum {string} */
            kind: "public" | "confidential";
            redirect_uris: string[];
            scopes: string[];
            first_party: boolean;
            created_at: string;
            revoked_at: string | null;
        };
        OAuthClientRequest: {
            /** @example Loyalty app */
            name: string;
            /** @enum {string} */
            kind: "public" | "confidential";
            /**
             * @example [
             *       "com.example.loyalty:/oauth"
             *     ]
             */
            redirect_uris: string[];
            /**
             * @default [
             *       "openid",
             *       "profile",
             *       "email"
             *     ]
             */
            scopes: ("openid" | "profile" | "email" | "offline_access" | "shops")[];
            /** @default false */
            first_party: boolean;
        };
        OAuthClients: {
            items: components["schemas"]["OAuthClient"][];
        };
        /**
         * @example {
         *       "name": "Loyalty app (2027)"
         *     }
         */
        OAuthClientPatch: {
            name?: string;
            redirect_uris?: string[];
            scopes?: ("openid" | "profile" | "email" | "offline_access" | "shops")[];
            first_party?: boolean;
        };
        OpenIdConfiguration: {
            /** @example https://accounts.example.com */
            issuer: string;
            authorization_endpoint: string;
            token_endpoint: string;
            userinfo_endpoint: string;
            jwks_uri: string;
            scopes_supported: ("openid" | "profile" | "email" | "offline_access" | "shops")[];
            code_challenge_methods_supported: "S256"[];
        } & {
            [key: string]: unknown;
        };
        OAuthTokenResponse: {
            /** @description A JWT of this service with `aud` the client; for userinfo and the client. */
            access_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            /** @example 900 */
            expires_in: number;
            /** @description Signed with JWT_SIGNING_KEY (see the JWKS): iss sub aud exp iat auth_time nonce amr acr sid, and the claims of the scopes. */
            id_token: string;
            /** @example openid email offline_access */
            scope: string;
            /** @description With `offline_access`; rotates on every use. */
            refresh_token?: string;
        };
        /** @description RFC 6749 §5.2: never problem+json on these endpoints. */
        OAuthError: {
            /** @example invalid_grant */
            error: string;
            /** @example The code is unknown, expired, already used, or was issued to another client, redirect URI or verifier. */
            error_description: string;
        };
        OAuthTokenRequest: {
            /** @enum {string} */
            grant_type: "authorization_code" | "refresh_token";
            /** @description authorization_code: the code. */
            code?: string;
            /** @description authorization_code: exactly the one of the request. */
            redirect_uri?: string;
            /** @description authorization_code: the PKCE verifier (43–128 characters). */
            code_verifier?: string;
            /** @description refresh_token: the token. */
            refresh_token?: string;
            /** @description Public clients; or with client_secret (client_secret_post). */
            client_id?: string;
            client_secret?: string;
        };
        OpenIdUserinfo: {
            sub: string;
            email?: string;
            email_verified?: boolean;
            name?: string | null;
        } & {
            [key: string]: unknown;
        };
        OAuthTokenForm: {
            token: string;
            /** @enum {string} */
            token_type_hint?: "access_token" | "refresh_token";
            client_id?: string;
            client_secret?: string;
        };
        OAuthIntrospection: {
            active: boolean;
            client_id?: string;
            sub?: string;
            scope?: string;
            exp?: number;
            /** @enum {string} */
            token_type?: "access_token" | "refresh_token";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Worker is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    healthReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Configuration valid and D1 reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description A dependency or setting is not usable (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    jwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The published public keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JwkSet"];
                };
            };
            /** @description The service is misconfigured (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    appleAppSiteAssociation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The association */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppleAppSiteAssociation"];
                };
            };
            /** @description No native app is configured (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    assetLinks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statements */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetLinks"];
                };
            };
            /** @description No native app is configured (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The gauges (Prometheus text exposition format 0.0.4) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4; charset=utf-8": string;
                };
            };
            /** @description No METRICS_TOKEN sent (unauthorized), or a wrong one (invalid_token); checked before anything else (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description METRICS_TOKEN is not set: metrics are off (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The service is misconfigured (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignupRequest"];
            };
        };
        responses: {
            /** @description Accepted; a mail is on its way */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid body, unknown field, or a password refused by the policy (reason in `errors`) (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A mail went to this address less than 60 s ago, or too many requests; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyRequest"];
            };
        };
        responses: {
            /** @description Verified; a new session (or, with MFA on, the MFA challenge) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
            /** @description Malformed JSON, a wrong code, or an expired code (code: `invalid_code`, `code_expired`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown email or wrong password (code: `invalid_credentials`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The account is already verified (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The code was burned by too many failed attempts, or too many requests (code: `too_many_attempts`, `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resendCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailRequest"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A mail went to this address less than 60 s ago, or too many requests; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Logged in: a session — or, with MFA on, `mfa_required` and the `mfa_token` for POST /v1/auth/mfa/verify */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown email or wrong password (code: `invalid_credentials`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Right password, but the email is not verified yet (code: `email_not_verified`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description A new token pair */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token sent; or an invalid, expired, revoked, or reused token (code: `unauthorized`, `invalid_token`, `token_reused`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The account is no longer verified, or a cookie request from a foreign origin (code: `email_not_verified`, `forbidden`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Logged out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The refresh-token cookie was sent without an Origin of this API or of CORS_ORIGINS (CSRF) (code: `forbidden`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logoutAll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every session ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forgotPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailRequest"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A mail went to this address less than 60 s ago, or too many requests; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordResetRequest"];
            };
        };
        responses: {
            /** @description Password changed; log in again */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed JSON, a wrong code, or an expired code (code: `invalid_code`, `code_expired`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid body, or a new password refused by the policy (reason in `errors`) (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The code was burned by too many failed attempts, or too many requests (code: `too_many_attempts`, `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestEmailCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailRequest"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sign-in with an emailed code is turned off (EMAIL_CODE_LOGIN=off) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A mail went to this address less than 60 s ago, or too many requests; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyEmailCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailCodeSignInRequest"];
            };
        };
        responses: {
            /** @description Signed in: a session — or, with MFA on, `mfa_required` and the `mfa_token` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
            /** @description Malformed JSON, a wrong code, or an expired code (code: `invalid_code`, `code_expired`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sign-in with an emailed code is turned off (EMAIL_CODE_LOGIN=off) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The code was burned by too many failed attempts, or too many requests (code: `too_many_attempts`, `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIdentityProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The configured providers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityProviders"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startProviderSignIn: {
        parameters: {
            query: {
                /** @description A one-time ticket from `POST /v1/users/me/identities/{provider}/link`: the flow links the provider to that account instead of signing in. */
                link?: string;
                /** @description Where the browser goes back to with `login_code` (or `error`): an absolute URL on one of OAUTH_REDIRECT_ORIGINS. */
                redirect_to: string;
            };
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider (start), or back to `redirect_to` (callback) */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `redirect_to` is not on OAUTH_REDIRECT_ORIGINS, or the link ticket is used or expired (code: `invalid_redirect`, `invalid_state`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No provider with this id is configured (IDENTITY_PROVIDERS) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A parameter failed validation (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider's discovery document could not be read (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    providerCallback: {
        parameters: {
            query?: {
                state?: string;
                code?: string;
                iss?: string;
                error?: string;
                error_description?: string;
                user?: string;
            };
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider (start), or back to `redirect_to` (callback) */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The callback was not started in this browser (no or another `__Host-oauth` cookie), its state was used already or is older than 10 minutes (code: `invalid_state`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No provider with this id is configured (IDENTITY_PROVIDERS) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A parameter failed validation (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    providerCallbackFormPost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    state?: string;
                    code?: string;
                    iss?: string;
                    error?: string;
                    error_description?: string;
                    user?: string;
                } & {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description To the provider (start), or back to `redirect_to` (callback) */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The callback was not started in this browser (no or another `__Host-oauth` cookie), its state was used already or is older than 10 minutes (code: `invalid_state`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No provider with this id is configured (IDENTITY_PROVIDERS) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exchangeLoginCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginCodeExchangeRequest"];
            };
        };
        responses: {
            /** @description Signed in, or the MFA step */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
            /** @description The login code is used, expired or unknown (code: `invalid_code`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The account is banned (code: `account_banned`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signInWithIdToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdTokenSignInRequest"];
            };
        };
        responses: {
            /** @description Signed in, or the MFA step */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
            /** @description The provider does not vouch for the address (no account made), or the body is not JSON (code: `provider_email_unverified`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The ID token is not valid here, or was used already (code: `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The account is banned (code: `account_banned`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No provider with this id is configured (IDENTITY_PROVIDERS) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A verified account holds the address: link from a session (code: `account_exists`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider's keys could not be read (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Identities"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    linkIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LinkIdentityRequest"];
            };
        };
        responses: {
            /** @description The URL to open */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityLink"];
                };
            };
            /** @description `redirect_to` is not on OAUTH_REDIRECT_ORIGINS, or the body is not JSON (code: `invalid_redirect`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No provider with this id is configured (IDENTITY_PROVIDERS) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed password checks; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unlinked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such identity on this account (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description It is the account's last way in (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteAccountRequest"];
            };
        };
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is the last admin (code: `last_admin`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfilePatch"];
            };
        };
        responses: {
            /** @description The updated user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's data */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountExport"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An export was made less than an hour ago (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChangeRequest"];
            };
        };
        responses: {
            /** @description Password changed; a new session for the caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong current password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid body, or a new password refused by the policy (reason in `errors`) (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestEmailChange: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailChangeRequest"];
            };
        };
        responses: {
            /** @description A code is on its way to the new address (if it can receive one) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailChangeAccepted"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid body, or the new address is the current one (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed password checks, or a mail went to that address less than 60 s ago (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmEmailChange: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailChangeConfirmation"];
            };
        };
        responses: {
            /** @description The email changed; a new session for the caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description A wrong or expired code, or malformed JSON (code: `invalid_code`, `code_expired`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The new address belongs to another account now (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The code was burned by too many wrong tries (code: `too_many_attempts`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    passkeyRegistrationOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeyOptionsRequest"];
            };
        };
        responses: {
            /** @description Options for the browser */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebAuthnOptions"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed password checks; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPasskeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyList"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addPasskey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddPasskeyRequest"];
            };
        };
        responses: {
            /** @description Added */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Passkey"];
                };
            };
            /** @description Malformed JSON, or a response that does not complete this ceremony (unknown, expired, used or foreign challenge, bad signature) (code: `invalid_code`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This passkey is already registered (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removePasskey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RemovePasskeyRequest"];
            };
        };
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid token, or a wrong password (code: `unauthorized`, `invalid_token`, `invalid_credentials`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The last strong factor needs the password (code: `forbidden`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No passkey of yours has this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many wrong passwords; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    renamePasskey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenamePasskeyRequest"];
            };
        };
        responses: {
            /** @description Renamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Passkey"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No passkey of yours has this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    passkeySignInOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Options for the browser */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebAuthnOptions"];
                };
            };
            /** @description Too many requests (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    passkeySignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeySignInRequest"];
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Malformed JSON, or a response that does not complete this ceremony (unknown, expired, used or foreign challenge, bad signature) (code: `invalid_code`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown passkey, bad signature, or a counter that did not grow (code: `invalid_credentials`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The account is not verified (code: `email_not_verified`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPermissions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Permissions"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listShops: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description `next_cursor` of the previous page; opaque. Omit for the first page. */
                cursor?: string;
                status?: "active" | "closed";
                /** @description Case-insensitive prefix of the slug or the name. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of shops */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShopPage"];
                };
            };
            /** @description The x-d1-bookmark header is not a D1 bookmark (send back the one a response carried) (code: `invalid_bookmark`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid query parameter or cursor (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createShop: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateShopRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Shop"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The slug is taken (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getShop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The shop */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Shop"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop — or the caller is neither a member nor an admin (shop ids are not enumerable) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchShop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchShopRequest"];
            };
        };
        responses: {
            /** @description The shop as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Shop"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop — or the caller is neither a member nor an admin (shop ids are not enumerable) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description `next_cursor` of the previous page; opaque. Omit for the first page. */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of members */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPage"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop — or the caller is neither a member nor an admin (shop ids are not enumerable) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid query parameter or cursor (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop, or the user is not a member (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The last owner, or the membership changed meanwhile (code: `last_owner`, `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchMemberRequest"];
            };
        };
        responses: {
            /** @description The member as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop, or the user is not a member (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The shop, the membership or the invitation changed meanwhile (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listInvitations: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description `next_cursor` of the previous page; opaque. Omit for the first page. */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of pending invitations, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationPage"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop — or the caller is neither a member nor an admin (shop ids are not enumerable) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid query parameter or cursor (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    invite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InviteRequest"];
            };
        };
        responses: {
            /** @description Invited */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invitation"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop — or the caller is neither a member nor an admin (shop ids are not enumerable) (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The shop is closed, or another invitation was just sent (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An invitation mail went to this address for this shop less than a minute ago, or the inviter is over their rate limit; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                invitation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked: its token no longer works */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop, or no pending invitation with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptInvitationRequest"];
            };
        };
        responses: {
            /** @description Now a member */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedInvitation"];
                };
            };
            /** @description Invalid, expired, revoked or used token (or malformed JSON) (code: `invalid_code`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Signed in with another address, or not verified (code: `forbidden`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already a member, or the shop is closed (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyMemberships: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every shop of the caller, oldest membership first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MembershipList"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description `next_cursor` of the previous page; opaque. Omit for the first page. */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first, without the keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPage"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Only the shop's owners and managers (and admins with admin power) manage keys (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop — or the caller is neither a member nor an admin (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid query parameter or cursor (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description Made — the key is shown this once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller may not manage keys here (an admin without the two-factor session ADMIN_MFA_REQUIRED asks: `mfa_required`), or asked for scopes beyond their own (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop — or the caller is neither a member nor an admin (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The shop is closed (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Only the shop's owners and managers (and admins with admin power) manage keys (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such shop, or no live key with this id in it (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    apiKeySelf: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key's shop and scopes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeySelf"];
                };
            };
            /** @description No key, or not a live key (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This key's rate limit (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMySessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The live sessions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    endMyOtherSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every other session ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    endMySession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No live session of the caller has this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUserSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The live sessions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No user with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    endUserSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every session of the user ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No user with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyMfa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaVerifyRequest"];
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description A wrong or already used code, or malformed JSON (code: `invalid_code`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown, expired, used or used-up MFA token (code: `invalid_mfa_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The 5th wrong code voided the token, or too many requests (code: `too_many_attempts`, `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    textMfaCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SmsSignInRequest"];
            };
        };
        responses: {
            /** @description A code is on its way */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmsSignInCode"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown, expired, used or used-up MFA token (code: `invalid_mfa_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The account has no number for codes (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description At most 5 texts per number in 10 minutes, 10 per account an hour, 10 per IP a minute; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description SMS is off on this deployment (SMS_PROVIDER), or the provider cannot send or check now (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enrolSms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SmsEnrolRequest"];
            };
        };
        responses: {
            /** @description A code is on its way */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmsEnrolment"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description At most 5 texts per number in 10 minutes, 10 per account an hour, 10 per IP a minute; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description SMS is off on this deployment (SMS_PROVIDER), or the provider cannot send or check now (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeSms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SmsRemoveRequest"];
            };
        };
        responses: {
            /** @description The number is removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No number, or it is the only second factor (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmSms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SmsConfirmRequest"];
            };
        };
        responses: {
            /** @description The number is enrolled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmsEnrolled"];
                };
            };
            /** @description A wrong or expired code, or malformed JSON (code: `invalid_code`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No number waits for its code, or the enrolment changed (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description SMS is off on this deployment (SMS_PROVIDER), or the provider cannot send or check now (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMfaStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The MFA state */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaStatus"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disableMfa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaProofRequest"];
            };
        };
        responses: {
            /** @description MFA is off */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A wrong or already used code, or malformed JSON (code: `invalid_code`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description MFA is not on (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed password or code checks; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enrolTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaEnrolRequest"];
            };
        };
        responses: {
            /** @description A pending enrolment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaEnrolment"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description MFA is already on (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed password or code checks; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaConfirmRequest"];
            };
        };
        responses: {
            /** @description MFA is on */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaRecoveryCodes"];
                };
            };
            /** @description A wrong code, or malformed JSON (code: `invalid_code`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No pending enrolment, or MFA is already on (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 5 wrong codes voided the enrolment (code: `too_many_attempts`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    regenerateRecoveryCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaProofRequest"];
            };
        };
        responses: {
            /** @description A new set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaRecoveryCodes"];
                };
            };
            /** @description A wrong or already used code, or malformed JSON (code: `invalid_code`, `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Wrong password, or a missing/invalid access token (code: `invalid_credentials`, `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description MFA is not on (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed password or code checks; see Retry-After (code: `rate_limited`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetUserMfa: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description MFA is off for the user */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No user with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description `next_cursor` of the previous page; opaque. Omit for the first page. */
                cursor?: string;
                role?: "user" | "admin";
                status?: "pending" | "verified";
                /** @description Case-insensitive email prefix; `%` and `_` match themselves. */
                q?: string;
                /** @description `-created_at` (newest first, default), `created_at`, or `email`. */
                sort?: "-created_at" | "created_at" | "email";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            /** @description The x-d1-bookmark header is not a D1 bookmark (send back the one a response carried) (code: `invalid_bookmark`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid query parameter or cursor (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminCreateUserRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email is taken (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid body, unknown field, or a password refused by the policy (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No user with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No user with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The user is the last active admin (code: `last_admin`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminPatchUserRequest"];
            };
        };
        responses: {
            /** @description The updated user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No user with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The user is the last active admin, or changed three times while this update ran (code: `last_admin`, `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    banUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BanRequest"];
            };
        };
        responses: {
            /** @description Banned */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not an admin, or an admin banning themself (code: `forbidden`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No user with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The user is the last active admin (code: `last_admin`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unbanUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Lifted (or there was none) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No user with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /** @description Page size, 1–100. */
                limit?: number;
                /** @description `next_cursor` of the previous page; opaque. Omit for the first page. */
                cursor?: string;
                actor?: string;
                target?: string;
                type?: "signup" | "verify" | "login.success" | "login.failure" | "login.mfa_required" | "login.refused" | "mfa.enable" | "mfa.disable" | "mfa.recovery_codes" | "mfa.recovery_code_used" | "mfa.sms_add" | "mfa.sms_remove" | "refresh.reuse" | "logout" | "logout_all" | "session.revoke" | "password.change" | "password.reset" | "email.change_request" | "email.change" | "account.delete" | "admin.user_create" | "admin.user_update" | "admin.user_delete" | "admin.role_change" | "admin.sessions_revoke" | "admin.mfa_reset" | "admin.ban" | "admin.unban" | "shop.create" | "shop.update" | "member.add" | "member.role" | "member.remove" | "invitation.create" | "invitation.revoke" | "invitation.accept" | "key.create" | "key.revoke" | "passkey.add" | "passkey.remove" | "identity.add" | "identity.remove" | "oauth_client.create" | "oauth_client.update" | "oauth_client.revoke" | "oauth.consent" | "oauth.grant" | "oauth.code_reuse" | "purge.run";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description The x-d1-bookmark header is not a D1 bookmark (send back the one a response carried) (code: `invalid_bookmark`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid query parameter or cursor (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listOAuthClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clients */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthClients"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OAuthClientRequest"];
            };
        };
        responses: {
            /** @description Registered — a confidential client's secret is shown this once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthClientCreated"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthClient"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No client with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No client with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OAuthClientPatch"];
            };
        };
        responses: {
            /** @description The client as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthClient"];
                };
            };
            /** @description The body is not valid JSON (code: `malformed_json`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token (code: `unauthorized`, `invalid_token`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1) (code: `forbidden`, `mfa_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No client with this id (code: `not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The client is revoked (code: `conflict`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB (code: `payload_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (code: `unsupported_media_type`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body failed validation; see `errors` (code: `validation_failed`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error or misconfigured service (code: `internal`) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openidConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The provider's metadata */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenIdConfiguration"];
                };
            };
            /** @description The provider is not configured (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    oauthAuthorize: {
        parameters: {
            query: {
                client_id: string;
                redirect_uri: string;
                response_type: "code";
                scope: string;
                code_challenge: string;
                code_challenge_method: "S256";
                state?: string;
                nonce?: string;
                prompt?: "none" | "login" | "consent";
                max_age?: string;
                login_hint?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sign-in or consent page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Back to the app: `code` (or `error`), `state`, `iss` */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An unknown client or an inexact redirect URI (a page) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The provider is not configured (a page) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    oauthToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Form-encoded, each parameter once */
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["OAuthTokenRequest"];
            };
        };
        responses: {
            /** @description Tokens (Cache-Control: no-store) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthTokenResponse"];
                };
            };
            /** @description invalid_request, invalid_grant, unsupported_grant_type */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description invalid_client */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description The provider is not configured (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    oauthUserinfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The claims */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenIdUserinfo"];
                };
            };
            /** @description invalid_token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description The provider is not configured (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    oauthUserinfoPost: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The claims */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenIdUserinfo"];
                };
            };
            /** @description invalid_token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description The provider is not configured (code: `unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    oauthRevoke: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Form-encoded */
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["OAuthTokenForm"];
            };
        };
        responses: {
            /** @description Done (or nothing to do) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description invalid_client */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
        };
    };
    oauthIntrospect: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Form-encoded */
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    token: string;
                    /** @enum {string} */
                    token_type_hint?: "access_token" | "refresh_token";
                    client_id?: string;
                    client_secret?: string;
                };
            };
        };
        responses: {
            /** @description The token's state */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthIntrospection"];
                };
            };
            /** @description invalid_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description invalid_client */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description unauthorized_client: a public client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
        };
    };
    oauthLogout: {
        parameters: {
            query?: {
                id_token_hint?: string;
                post_logout_redirect_uri?: string;
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page: signed out, or asking first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Back to the app */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not used: a bad hint is a page asking first */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
