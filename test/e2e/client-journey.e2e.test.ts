// The whole account journey through a client generated from the checked-in OpenAPI contract,
// against `wrangler dev` with real queue delivery to a fake email provider. Every response is
// also checked against the contract (see conformsToSpec in helpers.ts).
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import {
  apiClient,
  asSession,
  cookieJar,
  createAdmin,
  mailedCode,
  PASSWORD,
  uniqueEmail,
} from "./helpers";
import { FRONT_END_ORIGIN } from "./settings";

describe("a typed openapi-fetch client drives the whole journey", () => {
  it("signs up, verifies the mailed code, logs in, reads /me, refreshes, is listed by an admin, changes address, logs out", async () => {
    const api = apiClient();
    const email = uniqueEmail("journey");

    const signup = await api.POST("/v1/auth/signup", {
      body: { email, password: PASSWORD, name: "Ada", surname: "Lovelace" },
    });
    expect(signup.response.status).toBe(202);
    expect(signup.data?.email).toBe(email);

    const code = await mailedCode(email);
    const verified = await api.POST("/v1/auth/verify", {
      body: { email, password: PASSWORD, code },
    });
    expect(verified.response.status).toBe(200);
    expect(asSession(verified.data).user.status).toBe("verified");

    const replay = await api.POST("/v1/auth/verify", { body: { email, password: PASSWORD, code } });
    expect(replay.response.status).toBe(409);
    expect(replay.error?.code).toBe("conflict");

    const login = await api.POST("/v1/auth/login", { body: { email, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    const session = asSession(login.data);
    expect(session.token_type).toBe("Bearer");

    const me = await apiClient(session.access_token).GET("/v1/users/me");
    expect(me.response.status).toBe(200);
    expect(me.data).toMatchObject({ email, name: "Ada", surname: "Lovelace", role: "user" });

    const refreshed = await api.POST("/v1/auth/refresh", {
      body: { refresh_token: session.refresh_token },
    });
    expect(refreshed.response.status).toBe(200);
    const rotated = refreshed.data;
    if (!rotated) throw new Error("refresh returned no session");
    expect(rotated.refresh_token).not.toBe(session.refresh_token);

    const adminEmail = uniqueEmail("admin");
    createAdmin(adminEmail, PASSWORD);
    const adminLogin = await api.POST("/v1/auth/login", {
      body: { email: adminEmail, password: PASSWORD },
    });
    expect(asSession(adminLogin.data).user.role).toBe("admin");
    const admin = apiClient(asSession(adminLogin.data).access_token);
    const listed = await admin.GET("/v1/users", { params: { query: { q: email, limit: 10 } } });
    expect(listed.response.status).toBe(200);
    expect(listed.data?.items.map((user) => user.email)).toEqual([email]);
    const forbidden = await apiClient(rotated.access_token).GET("/v1/users");
    expect(forbidden.error?.code).toBe("forbidden");

    // The user moves to a new address with the code the provider delivered there.
    const newEmail = uniqueEmail("journey-moved");
    const requested = await apiClient(rotated.access_token).POST("/v1/users/me/email", {
      body: { new_email: newEmail, password: PASSWORD },
    });
    expect(requested.response.status).toBe(202);
    const moved = await apiClient(rotated.access_token).POST("/v1/users/me/email/confirm", {
      body: { code: await mailedCode(newEmail) },
    });
    expect(moved.response.status).toBe(200);
    expect(moved.data?.user.email).toBe(newEmail);
    const oldLogin = await api.POST("/v1/auth/login", { body: { email, password: PASSWORD } });
    expect(oldLogin.error?.code).toBe("invalid_credentials");
    const current = moved.data;
    if (!current?.refresh_token) throw new Error("confirm returned no refresh token");

    const logout = await api.POST("/v1/auth/logout", {
      body: { refresh_token: current.refresh_token },
    });
    expect(logout.response.status).toBe(204);
    const afterLogout = await api.POST("/v1/auth/refresh", {
      body: { refresh_token: current.refresh_token },
    });
    expect(afterLogout.response.status).toBe(401);
    expect(afterLogout.error?.code).toBe("invalid_token");
  });

  it("runs a browser session: the refresh token only ever travels in the cookie", async () => {
    const jar = cookieJar(FRONT_END_ORIGIN);
    const browser = apiClient(undefined, jar);
    const email = uniqueEmail("cookie-journey");
    await browser.POST("/v1/auth/signup", { body: { email, password: PASSWORD } });
    const verified = await browser.POST("/v1/auth/verify", {
      body: {
        email,
        password: PASSWORD,
        code: await mailedCode(email),
        refresh_token_transport: "cookie",
      },
    });
    expect(verified.response.status).toBe(200);
    expect(asSession(verified.data).refresh_token).toBeUndefined();
    const first = jar.cookies.get("__Secure-refresh_token");
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const refreshed = await browser.POST("/v1/auth/refresh", {});
    expect(refreshed.response.status).toBe(200);
    expect(refreshed.data?.refresh_token).toBeUndefined();
    expect(jar.cookies.get("__Secure-refresh_token")).not.toBe(first);

    const sessions = await apiClient(refreshed.data?.access_token).GET("/v1/users/me/sessions");
    expect(sessions.data?.items.map((s) => s.current)).toEqual([true]);

    const logout = await browser.POST("/v1/auth/logout", {});
    expect(logout.response.status).toBe(204);
    expect(jar.cookies.has("__Secure-refresh_token")).toBe(false);
    const afterLogout = await apiClient(refreshed.data?.access_token).GET("/v1/users/me");
    expect(afterLogout.error?.code).toBe("invalid_token");
  });

  it("turns MFA on, signs in with a TOTP code from the 'app', then with a recovery code", async () => {
    const api = apiClient();
    const email = uniqueEmail("mfa-journey");
    await api.POST("/v1/auth/signup", { body: { email, password: PASSWORD } });
    const verified = await api.POST("/v1/auth/verify", {
      body: { email, password: PASSWORD, code: await mailedCode(email) },
    });
    const token =
      verified.data && "access_token" in verified.data ? verified.data.access_token : "";
    const me = apiClient(token);
    const enrolled = await me.POST("/v1/users/me/mfa/totp", { body: { password: PASSWORD } });
    const secret = enrolled.data?.secret ?? "";
    expect(enrolled.data?.otpauth_uri).toContain(`secret=${secret}`);
    const confirmed = await me.POST("/v1/users/me/mfa/totp/confirm", {
      body: { code: totpCode(secret, Date.now()) },
    });
    const recovery = confirmed.data?.recovery_codes ?? [];
    expect(recovery).toHaveLength(10);

    const challenged = await api.POST("/v1/auth/login", { body: { email, password: PASSWORD } });
    if (!challenged.data || !("mfa_required" in challenged.data))
      throw new Error("no MFA challenge");
    const withTotp = await api.POST("/v1/auth/mfa/verify", {
      body: { mfa_token: challenged.data.mfa_token, code: totpCode(secret, Date.now() + 30_000) },
    });
    expect(withTotp.response.status).toBe(200);
    expect(withTotp.data?.user.email).toBe(email);

    const again = await api.POST("/v1/auth/login", { body: { email, password: PASSWORD } });
    if (!again.data || !("mfa_required" in again.data)) throw new Error("no MFA challenge");
    const withRecovery = await api.POST("/v1/auth/mfa/verify", {
      body: { mfa_token: again.data.mfa_token, recovery_code: recovery[0] },
    });
    expect(withRecovery.response.status).toBe(200);
    const reused = await api.POST("/v1/auth/mfa/verify", {
      body: { mfa_token: again.data.mfa_token, recovery_code: recovery[0] },
    });
    expect(reused.error?.code).toBe("invalid_mfa_token");
  });

  it("answers bad input with the documented problem+json and the client sees its code", async () => {
    const api = apiClient();
    const bad = await api.POST("/v1/auth/signup", {
      body: { email: "not-an-email", password: "correct horse battery staple", nickname: "x" },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error?.code).toBe("validation_failed");
    expect(bad.error?.errors?.map((e) => e.path).sort()).toEqual(["email", "nickname"]);

    const anonymous = await api.GET("/v1/users/me");
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error?.code).toBe("unauthorized");
  });
});
