import { defineConfig } from "vitest/config";

// `npm run test:e2e`: the product as its users meet it. Runs in Node against a real `wrangler dev`
// (started by test/e2e/global-setup.ts), not inside the Workers pool of vitest.config.ts.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    globalSetup: ["./test/e2e/global-setup.ts"],
    environment: "node",
    // One Worker, one browser: files run one after another on a 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
