// Starts the fake email provider and the Worker under `wrangler dev` (fresh local D1, mails
// delivered to the fake provider), once for all end-to-end test files.
import { spawn } from "node:child_process";
import type { TestProject } from "vitest/node";
import { startLocalWorker } from "../../scripts/local-worker";
import { startOidcIssuer } from "./oidc-issuer";
import { E2E_SETTINGS, MAIL_PORT, WORKER_PORT } from "./settings";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    mailUrl: string;
    persistTo: string;
  }
}

export default async function setup(project: TestProject) {
  const mail = spawn(
    process.execPath,
    ["scripts/fake-email-provider.mjs", "--port", String(MAIL_PORT)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    mail.once("error", reject);
    mail.stdout.once("data", () => resolve());
  });
  const oidc = await startOidcIssuer();
  const worker = await startLocalWorker({ port: WORKER_PORT, migrate: true, vars: E2E_SETTINGS });
  project.provide("workerUrl", worker.url);
  project.provide("mailUrl", `http://127.0.0.1:${MAIL_PORT}`);
  project.provide("persistTo", worker.persistTo);
  return async () => {
    await worker.stop();
    mail.kill();
    oidc.close();
  };
}
