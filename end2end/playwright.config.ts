import { defineConfig } from "@playwright/test";

// Debian's chromium, never a downloaded browser. `cargo leptos end-to-end` starts the console on the
// simulator at 127.0.0.1:3000 before running these tests.
export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The JSON report is how `make test` knows the tests ran (see check-results.mjs).
  reporter: [["list"], ["json", { outputFile: "../target/playwright/results.json" }]],
  use: {
    baseURL: process.env.VCONSOLE_URL ?? "http://127.0.0.1:3000",
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
});
