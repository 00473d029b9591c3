import { test, expect, Page, TestInfo } from "@playwright/test";
import type { Result } from "axe-core";
import { go, jsOn, submitLogin } from "./helpers";

// Every page, at a phone's width and checked by axe-core: nothing scrolls the page sideways at 390 px (the
// areas fold behind "Menu", wide tables scroll inside their own box), and axe finds no serious or critical
// violation, in light and in dark mode.

const PAGES = [
  "/appliance/summary",
  "/appliance/access",
  "/appliance/networking",
  "/appliance/networking/interfaces/nic0",
  "/appliance/networking/proxy",
  "/appliance/time",
  "/appliance/local-accounts",
  "/appliance/syslog",
  "/appliance/services",
  "/appliance/monitoring",
  "/appliance/update",
  "/appliance/storage",
  "/appliance/shutdown",
  "/appliance/backup",
  "/appliance/restore",
  "/vcenter/services",
  "/vcenter/system-config",
  "/hvc",
  "/vcenter/deployment",
  "/api-explorer",
  "/api-coverage",
  "/audit",
  "/teams",
  "/my-team",
  "/my-team/new",
  "/api-explorer/service?id=com.vmware.vcenter.vm.power",
  "/api-explorer/component?id=com.vmware.vcenter",
  "/api-explorer/package?id=com.vmware.vcenter",
  "/api-explorer/operation?service=com.vmware.vcenter.vm.power&op=start",
  "/api-explorer/resource?id=VirtualMachine",
  "/api-explorer/cli?ns=com.vmware.vcenter.datacenter&cmd=create",
  "/inventory/host/new",
  "/inventory/customization-specs",
  "/tags/categories",
  "/tags/tags",
  "/inventory/vm",
  "/inventory/host",
  "/inventory/datastore",
  "/inventory/network",
  "/inventory/vm/new",
  "/storage-policies",
  "/content-libraries",
  "/storage-policies/aa6d5a82-1c88-45da-85d3-3d74b91a5bad?check=1",
];

/** Posts a form to a server function as the browser would without JavaScript. */
async function post(page: Page, fn: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/${fn}`, { form, headers: { Origin: origin, Referer: `${origin}/tags/categories`, Accept: "text/html" }, maxRedirects: 0 });
  expect(res.status(), `POST ${fn}`).toBeLessThan(400);
}

/**
 * Every page of the console: the fixed ones, then one of each detail page, found from its list. A category
 * and a tag of this test's own are made for their pages; `cleanUp` deletes them (the tag with its category).
 */
async function allPages(page: Page, info: TestInfo): Promise<{ pages: string[]; cleanUp: () => Promise<void> }> {
  const name = `Layout-${info.project.name}-${Date.now() % 1_000_000}`;
  await go(page, info, "/tags/categories");
  await post(page, "cis/tagging/category/create", { name, description: "", cardinality: "SINGLE" });
  await go(page, info, "/tags/categories");
  const category = await page.locator("main a", { hasText: name }).first().getAttribute("href");
  expect(category, "the new category's link").toMatch(/^\/tags\/categories\//);
  const id = decodeURIComponent(category!.slice("/tags/categories/".length));
  await post(page, "cis/tagging/tag/create", { category_id: id, name: `${name}-tag`, description: "" });
  await go(page, info, "/tags/tags");
  const tag = await page.locator("main a", { hasText: `${name}-tag` }).first().getAttribute("href");
  expect(tag, "the new tag's link").toMatch(/^\/tags\/tags\//);
  await go(page, info, "/inventory/vm");
  const vm = await page.locator('main a[href^="/objects?"]').first().getAttribute("href");
  expect(vm, "a VM's link").toBeTruthy();
  return { pages: [...PAGES, category!, tag!, vm!, `${vm}&tab=hardware`, `${vm}&tab=details&part=disk`, `${vm}&tab=storage`, `${vm}&tab=tags`], cleanUp: () => post(page, "cis/tagging/category/delete", { id }) };
}

/** How far the page scrolls sideways (0 when it fits). */
async function sideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("at 390 px no page scrolls sideways, and the areas open from the menu", async ({ page }, info) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/login");
  expect(await sideways(page), "the login page").toBeLessThanOrEqual(0);
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  const nav = page.getByRole("navigation", { name: "Areas" });
  await expect(nav).toBeHidden();
  await page.getByTestId("menu-button").click();
  await expect(nav).toBeVisible();
  await nav.getByRole("link", { name: "Time" }).click();
  await expect(page).toHaveURL(/\/appliance\/time$/);
  const wide: string[] = [];
  const { pages, cleanUp } = await allPages(page, info);
  // Each page's title (the tab, the history) is its heading, which names the object on an object's page.
  const titles = new Map<string, string>();
  const untitled: string[] = [];
  for (const url of pages) {
    await go(page, info, url);
    const by = await sideways(page);
    if (by > 0) wide.push(`${url} (${by} px)`);
    const heading = (await page.locator("main h1").first().textContent())?.trim() ?? "";
    const title = await page.title();
    if (title !== `${heading} · vConsole`) untitled.push(`${url}: “${title}” under the heading “${heading}”`);
    titles.set(url, title);
  }
  await cleanUp();
  expect(untitled, "pages whose title is not their heading").toEqual([]);
  expect(new Set(titles.values()).size, `distinct titles among ${[...titles.values()].join(" | ")}`).toBe(pages.length);
  await go(page, info, "/inventory/vm");
  await page.screenshot({ path: `../target/screenshots/phone-vm-list-${info.project.name}.png`, fullPage: false });
  expect(wide, "pages wider than a 390 px screen").toEqual([]);
});

test("axe finds no serious or critical violation on any page, in light and in dark mode", async ({ browser, page: projectPage }, info) => {
  // axe runs in the page, so it needs JavaScript: the markup is the same in both projects, and each project's
  // worker checks every other page (the no-JS project in a context of its own with JavaScript on, against its
  // own console), so the two halves run side by side. axe is loaded into every page once, before the page's
  // own scripts (not injected anew for each check: 5 times faster), and each page is checked in both colour
  // schemes on one visit (the scheme is a media feature: switching it restyles the page in place). Only
  // violations are collected, the slow part of a run being the passes' details.
  test.setTimeout(120_000);
  const half = jsOn(info) ? 0 : 1;
  const page = jsOn(info) ? projectPage : await (await browser.newContext({ baseURL: info.project.use.baseURL, javaScriptEnabled: true })).newPage();
  await page.addInitScript({ path: require.resolve("axe-core/axe.min.js") });
  const found: string[] = [];
  const check = async (url: string) => {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // Dark mode changes colours only: the colour-contrast rule is the one that can find more there.
      const only = scheme === "light" ? undefined : ["color-contrast"];
      const violations: Result[] = await page.evaluate(
        (only) => (window as any).axe.run(document, { resultTypes: ["violations"], ...(only ? { runOnly: only } : {}) }).then((r: any) => r.violations),
        only,
      );
      for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        found.push(`${url} (${scheme}): ${v.id} (${v.impact}) — ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")}: ${v.nodes[0]?.failureSummary?.split("\n").slice(1, 2).join("").trim()}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
  };
  await page.goto("/login");
  if (half === 0) await check("/login");
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  const { pages, cleanUp } = await allPages(page, info);
  for (const url of pages.filter((_, i) => i % 2 === half)) {
    await go(page, info, url);
    await page.waitForSelector("body[data-hydrated]");
    await check(url);
  }
  await cleanUp();
  expect(found, "axe violations").toEqual([]);
});

test("axe, as loaded here, reports a contrast violation in each colour scheme", async ({ page }, info) => {
  // The check above must be able to fail: a page with text too faint to read, in light and in dark mode.
  test.skip(!jsOn(info), "axe-core needs JavaScript in the page");
  await page.addInitScript({ path: require.resolve("axe-core/axe.min.js") });
  await page.goto("/login");
  await page.evaluate(() => {
    const p = document.createElement("p");
    p.textContent = "Faint text";
    p.style.cssText = "color:#777;background:#888;font-size:12px";
    document.querySelector("main")!.append(p);
  });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const ids: string[] = await page.evaluate(() => (window as any).axe.run(document, { resultTypes: ["violations"], runOnly: ["color-contrast"] }).then((r: any) => r.violations.map((v: any) => v.id)));
    expect(ids, scheme).toContain("color-contrast");
  }
});
