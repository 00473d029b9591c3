// `cargo leptos end-to-end` starts the console and runs the tests at once: wait (30 s at most) until each console
// the projects use answers (see playwright.config.ts).
export default async function globalSetup() {
  const urls = new Set([process.env.VCONSOLE_URL ?? "http://127.0.0.1:3000", process.env.VCONSOLE_URL_NOJS].filter((u): u is string => !!u));
  const deadline = Date.now() + 30_000;
  for (const base of urls) {
    const url = base + "/login";
    for (;;) {
      try {
        const res = await fetch(url);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the console did not answer at ${url} within 30 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
