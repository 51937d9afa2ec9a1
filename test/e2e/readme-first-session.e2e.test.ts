// The README's "A first session", run as a newcomer would paste it: the shell blocks between the
// first-session markers are read from README.md (not copied here), pointed at this run's
// `wrangler dev` and a fresh address, and run in one bash, in order. Where the README says to
// read a code from the console, the code the fake provider received is typed in instead.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { uniqueEmail } from "./helpers";

const README_API = "http://localhost:8787";
const README_EMAIL = "ada@example.com";
/** `CODE=000000   # ← …`: the line where the README asks for a mailed code. */
const CODE_LINE = /^(\w+)=000000\b.*$/m;
const MAIL_COOLDOWN_MS = 61_000;

function firstSessionBlocks(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.split("<!-- first-session -->")[1]?.split("<!-- /first-session -->")[0];
  if (!section) throw new Error("README.md has no first-session section");
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

/** Codes mailed to `to` so far (the fake provider keeps every delivered mail, oldest first). */
async function codesMailedTo(to: string): Promise<string[]> {
  const response = await fetch(`${inject("mailUrl")}/emails?to=${encodeURIComponent(to)}`);
  const mails = (await response.json()) as { text: string }[];
  return mails.flatMap((m) => /\b(\d{6})\b/.exec(m.text)?.[1] ?? []);
}

async function nextCode(to: string, seen: number): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 250) {
    const codes = await codesMailedTo(to);
    if (codes.length > seen) return codes[codes.length - 1] as string;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no new code mail reached ${to}`);
}

/** One bash for the whole session, so variables carry from block to block as in a terminal. */
function shell() {
  const bash = spawn("bash", ["--norc", "--noprofile"], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  bash.stdout.on("data", (chunk) => {
    out += chunk;
  });
  bash.stderr.on("data", (chunk) => {
    err += chunk;
  });
  return {
    async run(script: string): Promise<string> {
      const marker = `__block_done_${crypto.randomUUID()}__`;
      const start = out.length;
      bash.stdin.write(`${script}\necho "${marker}$?"\n`);
      for (let waited = 0; waited < 60_000; waited += 50) {
        const at = out.indexOf(marker, start);
        if (at >= 0) return out.slice(start, at);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`a README block did not finish:\n${script}\nstderr: ${err}`);
    },
    stderr: () => err,
    close: () => bash.kill(),
  };
}

describe("the README's first session works as written", () => {
  it("sign up → verify → /me → login → refresh → sessions → MFA → logout → MFA sign-in → reset", async () => {
    const blocks = firstSessionBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    const email = uniqueEmail("readme");
    const bash = shell();
    const outputs: string[] = [];
    let signedUpAt = 0;
    let codesSeen = 0;
    try {
      for (const raw of blocks) {
        let block = raw.replaceAll(README_API, inject("workerUrl")).replaceAll(README_EMAIL, email);
        if (block.includes("/v1/auth/signup")) signedUpAt = Date.now();
        if (block.includes("/v1/auth/password/forgot")) {
          // The README says it: one code mail per address per minute.
          const wait = signedUpAt + MAIL_COOLDOWN_MS - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        // Run up to the line that asks for a code, fetch the code, then run the rest.
        const ask = CODE_LINE.exec(block);
        if (ask) {
          const [before, after] = [
            block.slice(0, ask.index),
            block.slice(ask.index + ask[0].length),
          ];
          outputs.push(await bash.run(before));
          const code = await nextCode(email, codesSeen);
          codesSeen = (await codesMailedTo(email)).length;
          block = `${ask[1]}=${code}${after}`;
        }
        outputs.push(await bash.run(block));
      }
    } finally {
      bash.close();
    }
    const all = outputs.join("\n");
    expect(all, bash.stderr()).not.toContain('"code":"internal"');
    expect(all).toContain(`"email":"${email}"`);
    expect(all).toContain('"status":"verified"');
    expect(all).toMatch(/"recovery_codes":\["[a-z0-9]{5}-[a-z0-9]{5}"/);
    expect(all).toContain('"enabled":true');
    // Sessions were listed, with the current one marked.
    expect(all).toContain('"current":true');
    // The last block: the new password works, and MFA survived the reset.
    expect(outputs.at(-1)).toContain('"mfa_required":true');
    expect(all).not.toMatch(
      /"code":"(invalid_code|invalid_token|invalid_credentials|rate_limited)"/,
    );
  }, 240_000);
});
