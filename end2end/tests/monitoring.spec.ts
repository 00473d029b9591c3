import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, jsOn, ready, submitLogin } from "./helpers";

// Appliance › Monitoring: pick metrics, an interval, a function and a range; the chart is server-rendered SVG
// with one point per interval, a legend naming the metrics and a table of the same values; refused forms keep
// what was typed — hydrated and with JavaScript disabled. Nothing here changes the simulator's state.

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/monitoring");
  await expect(page).toHaveURL(/\/appliance\/monitoring$/);
  await ready(page, info);
}

/** Unchecks every checked metric, then checks these (by label). */
async function pickMetrics(page: Page, labels: string[]) {
  const form = page.getByTestId("query-form");
  const checked = form.locator('input[name="metric"]:checked');
  while ((await checked.count()) > 0) {
    await checked.first().uncheck();
  }
  for (const l of labels) {
    await form.getByLabel(l, { exact: false }).check();
  }
}

/** Points in an SVG path: one per M or L command. */
function pathPoints(d: string | null): number {
  return (d ?? "").match(/[ML]/g)?.length ?? 0;
}

/** The whole page, the top of it and the results (charts), in light and dark mode. */
async function screenshots(page: Page, info: TestInfo, name: string) {
  await page.setViewportSize({ width: 1280, height: 1300 });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const base = `../target/screenshots/${name}-${scheme}-${info.project.name}`;
    await page.screenshot({ path: `${base}.png`, fullPage: true });
    await page.screenshot({ path: `${base}-top.png` });
    if ((await page.getByTestId("chart").count()) > 0) {
      await page.getByTestId("results").screenshot({ path: `${base}-charts.png` });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("two metrics over a day: one chart, a point per interval, a legend and the same values in a table", async ({ page }, info) => {
  await login(page, info);
  // The page opens with a chart already (CPU and memory, the last 6 hours).
  await expect(page.getByTestId("chart").first()).toBeVisible();

  await pickMetrics(page, ["CPU utilization", "CPU steal time"]);
  const form = page.getByTestId("query-form");
  await form.getByLabel("Interval between values").selectOption({ label: "Every 30 minutes" });
  await form.getByLabel("Aggregation").selectOption({ label: "Maximum" });
  await form.getByLabel("Time range").selectOption({ label: "Last day" });
  await form.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/metric=cpu\.util&metric=cpu\.steal&interval=MINUTES30&function=MAX&range=1d/);
  await ready(page, info);

  // A day at 30 minutes, both ends included: 24 * 2 + 1 values.
  const expected = 49;
  await expect(page.getByTestId("query-summary")).toHaveAttribute("data-count", String(expected));
  await expect(page.getByTestId("query-summary")).toContainText("Maximum of every 30 minutes");
  const charts = page.getByTestId("chart");
  await expect(charts).toHaveCount(1); // both in percent: one chart
  const chart = charts.first();
  await expect(chart.getByTestId("chart-unit")).toHaveText("%");
  const series = chart.getByTestId("chart-series");
  await expect(series).toHaveCount(2);
  for (const s of await series.all()) {
    const path = s.locator("path");
    expect(pathPoints(await path.getAttribute("d"))).toBe(expected);
    await expect(path).toHaveAttribute("data-points", String(expected));
    await expect(s.locator("circle")).toHaveCount(expected);
  }
  await expect(chart.getByTestId("legend-item")).toHaveText(["CPU utilization", "CPU steal time"]);
  // Axis labels are really drawn (SVG text, not HTML elements of the same name).
  const tick = chart.locator("svg[data-testid=chart-svg] text").first();
  expect((await tick.boundingBox())?.width ?? 0).toBeGreaterThan(0);

  // The table: the same times and values, metric by metric.
  await page.getByText("Values as a table").click();
  const table = page.getByTestId("values-table");
  await expect(table).toBeVisible();
  await expect(table.locator("thead th")).toHaveText(["Time (UTC)", "CPU utilization (%)", "CPU steal time (%)"]);
  await expect(table.locator("tbody tr")).toHaveCount(expected);
  for (const [col, label] of [[1, "CPU utilization"], [2, "CPU steal time"]] as const) {
    const fromChart = await chart.locator(`[data-testid=chart-series][data-label="${label}"] circle`).evaluateAll((cs) => cs.map((c) => c.getAttribute("data-value")));
    const fromTable = await table.locator(`tbody tr td:nth-of-type(${col})`).allInnerTexts();
    expect(fromTable.map((t) => t.trim())).toEqual(fromChart);
  }
  const firstTime = await chart.locator("circle").first().getAttribute("data-time");
  await expect(table.locator("tbody tr").first()).toHaveAttribute("data-time", firstTime!);
  // Maximum and steal: CPU utilization is the larger of the two everywhere.
  const max = (await table.locator("tbody tr td:nth-of-type(1)").allInnerTexts()).map(Number);
  const steal = (await table.locator("tbody tr td:nth-of-type(2)").allInnerTexts()).map(Number);
  expect(max.every((v, i) => v > steal[i])).toBe(true);

  // The form shows the query it charted; the URL alone gives the same chart.
  await expect(form.getByLabel("CPU utilization", { exact: false })).toBeChecked();
  await expect(form.getByLabel("Memory usage", { exact: false })).not.toBeChecked();
  await expect(form.getByLabel("Aggregation")).toHaveValue("MAX");
  const url = page.url();
  await screenshots(page, info, "monitoring");
  await go(page, info, url);
  await expect(page.getByTestId("chart-series")).toHaveCount(2);
});

test("other units get their own charts, and the average differs from the maximum", async ({ page }, info) => {
  await login(page, info);
  const form = page.getByTestId("query-form");
  // The network group is folded: open it, then pick.
  await form.locator("[data-testid=metric-group][data-category=Network] summary").click();
  await pickMetrics(page, ["Memory usage", "Memory used", "Network received (eth0)"]);
  await form.getByLabel("Interval between values").selectOption("MINUTES5");
  await form.getByLabel("Time range").selectOption("1h");
  await form.getByLabel("Aggregation").selectOption("AVG");
  await form.getByRole("button", { name: "Show" }).click();
  await ready(page, info);
  const charts = page.getByTestId("chart");
  await expect(charts).toHaveCount(3);
  await expect(charts.nth(0)).toHaveAttribute("data-unit", "%");
  await expect(charts.nth(1)).toHaveAttribute("data-unit", "GB"); // memory used: KB shown as GB
  await expect(charts.nth(2).getByTestId("legend-item")).toHaveText(["Network received (eth0)"]);
  for (const c of await charts.all()) {
    await expect(c.locator("circle")).toHaveCount(13); // an hour at 5 minutes
  }
  const avg = await charts.nth(2).locator("circle").evaluateAll((cs) => cs.map((c) => c.getAttribute("data-value")));

  await form.getByLabel("Aggregation").selectOption("MAX");
  await form.getByRole("button", { name: "Show" }).click();
  await ready(page, info);
  const max = await page.getByTestId("chart").nth(2).locator("circle").evaluateAll((cs) => cs.map((c) => c.getAttribute("data-value")));
  expect(max).toHaveLength(13);
  const num = (s: string | null) => Number((s ?? "").replace(/,/g, ""));
  expect(max.every((m, i) => num(m) >= num(avg[i]))).toBe(true);
  expect(max.filter((m, i) => num(m) > num(avg[i])).length).toBeGreaterThan(6);
  await screenshots(page, info, "monitoring-units");
});

test("a bad range and too many values are refused, and the form keeps what was typed", async ({ page }, info) => {
  await login(page, info);
  const form = page.getByTestId("query-form");
  await pickMetrics(page, ["System load"]);
  await form.getByLabel("Time range").selectOption("custom");
  await form.getByLabel("Start (UTC)").fill("2026-11-20T14:00");
  await form.getByLabel("End (UTC)").fill("2026-11-20T12:30");
  await form.getByRole("button", { name: "Show" }).click();
  await ready(page, info);
  await expect(page.getByTestId("query-error")).toContainText("The start must be before the end.");
  await expect(page.getByTestId("chart")).toHaveCount(0);
  await expect(form.getByLabel("Start (UTC)")).toHaveValue("2026-11-20T14:00");
  await expect(form.getByLabel("End (UTC)")).toHaveValue("2026-11-20T12:30");
  await expect(form.getByLabel("End (UTC)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Time range")).toHaveValue("custom");
  await expect(form.getByLabel("System load", { exact: false })).toBeChecked();
  await screenshots(page, info, "monitoring-refused");

  // Fixed, the same custom range charts: 12:00 to 14:00 at 30 minutes is 5 values.
  await form.getByLabel("Start (UTC)").fill("2026-11-20T12:00");
  await form.getByLabel("End (UTC)").fill("2026-11-20T14:00");
  await form.getByLabel("Interval between values").selectOption("MINUTES30");
  await form.getByRole("button", { name: "Show" }).click();
  await ready(page, info);
  await expect(page.getByTestId("query-error")).toHaveCount(0);
  await expect(page.getByTestId("chart").locator("circle")).toHaveCount(5);

  // Thirty days at 5 minutes is too many values: the message names an interval that fits.
  await form.getByLabel("Time range").selectOption("30d");
  await form.getByLabel("Interval between values").selectOption("MINUTES5");
  await form.getByRole("button", { name: "Show" }).click();
  await ready(page, info);
  await expect(page.getByTestId("query-error")).toContainText("8641 values per metric");
  await expect(page.getByTestId("query-error")).toContainText("Pick a longer interval (2 hours or more)");
  await expect(form.getByLabel("Interval between values")).toHaveValue("MINUTES5");

  // No metric at all.
  await pickMetrics(page, []);
  await form.getByRole("button", { name: "Show" }).click();
  await ready(page, info);
  await expect(page.getByTestId("query-error")).toContainText("Pick at least one metric.");
});

test("the catalogue lists every metric and filters by name, keeping the chart", async ({ page }, info) => {
  await login(page, info);
  const rows = page.getByTestId("catalogue-row");
  await expect(rows).toHaveCount(131);
  const cpu = rows.filter({ hasText: "cpu.util" });
  await expect(cpu.locator("td")).toHaveText(["CPU utilization", "cpu.util", "%", "CPU", "", "Share of the appliance's CPU capacity in use, over all its vCPUs."]);
  await page.getByLabel("Filter by name").fill("eth0");
  await page.getByLabel("Filter by name").press("Enter");
  await ready(page, info);
  await expect(page.getByTestId("catalogue-count")).toHaveText("8 of 131 metrics");
  await expect(rows.filter({ visible: true })).toHaveCount(8);
  await expect(page.getByTestId("chart").first()).toBeVisible(); // the query came along
  if (jsOn(info)) {
    // With JavaScript the table filters as you type.
    await page.getByLabel("Filter by name").fill("swap");
    await expect(page.getByTestId("catalogue-count")).toHaveText("6 of 131 metrics");
  }
});

test("the page is reached from the sidebar and its chart draws there too", async ({ page }, info) => {
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/summary");
  await ready(page, info);
  await page.getByRole("navigation").getByRole("link", { name: "Monitoring" }).click();
  await expect(page).toHaveURL(/\/appliance\/monitoring$/);
  const chart = page.getByTestId("chart").first();
  await expect(chart).toBeVisible();
  // Rendered in the browser when JavaScript navigates: the axis text must still be SVG.
  const tick = chart.locator("svg[data-testid=chart-svg] text").first();
  expect((await tick.boundingBox())?.width ?? 0).toBeGreaterThan(0);
  await expect(chart.locator("circle")).toHaveCount(2 * 73); // CPU and memory, 6 hours at 5 minutes
});
