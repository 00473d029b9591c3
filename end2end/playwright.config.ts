import { defineConfig } from "@playwright/test";

// Debian's chromium, never a downloaded browser. The tests run on the console at VCONSOLE_URL (default
// http://127.0.0.1:3000, where `cargo leptos end-to-end` starts it on the simulator). `make test` starts a second
// console, on a simulator of its own, at VCONSOLE_URL_NOJS for the no-JavaScript project: the two projects then
// run side by side, one worker each, and neither sees the other's changes. With one console they take turns.
const HYDRATED_URL = process.env.VCONSOLE_URL ?? "http://127.0.0.1:3000";
const NOJS_URL = process.env.VCONSOLE_URL_NOJS ?? HYDRATED_URL;

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: NOJS_URL === HYDRATED_URL ? 1 : 2,
  retries: 0,
  // The JSON report is how `make test` knows the tests ran (see check-results.mjs).
  reporter: [["list"], ["json", { outputFile: "../target/playwright/results.json" }]],
  use: {
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
    // Within a project the specs run one at a time: they share its console and simulator.
    { name: "hydrated", workers: 1, use: { javaScriptEnabled: true, baseURL: HYDRATED_URL } },
    { name: "no-js", workers: 1, use: { javaScriptEnabled: false, baseURL: NOJS_URL } },
  ],
});
