// `cargo leptos end-to-end` starts the console and runs the tests at once: wait (30 s at most) until it answers.
export default async function globalSetup() {
  const url = (process.env.VCONSOLE_URL ?? "http://127.0.0.1:3000") + "/login";
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the console did not answer at ${url} within 30 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
