#!/usr/bin/env python3
"""Compares vconsole binaries in one run (a benchmark, not a test): the HTML bytes of the Summary and of the
VM list of 2,000 (a page of 500 rows; a binary from before pages renders all 2,000), and their server render time (median of N requests, the binaries interleaved so that the
machine's noise hits both alike; report the ratio). Each binary starts on its own simulator with 2,000 VMs.
Usage: N=30 end2end/compare-render.py before=/path/vconsole:/its/repo/root:3101 after=target/release/vconsole:.:3102"""
import subprocess, time, urllib.request, urllib.parse, statistics, sys, os

N = int(os.environ.get("N", "30"))
PAGES = ["/appliance/summary", "/inventory/vm?per=500"]

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None

opener = urllib.request.build_opener(NoRedirect)

def login(base):
    data = urllib.parse.urlencode({"username": "administrator@vsphere.local", "password": "VMware1!", "next": "/appliance/summary"}).encode()
    req = urllib.request.Request(base + "/api/cis/session/login", data=data, headers={"Origin": base, "Accept": "text/html", "Referer": base + "/login"})
    try:
        r = opener.open(req)
    except urllib.error.HTTPError as e:
        r = e
    return r.headers["Set-Cookie"].split(";")[0]

def get(base, cookie, path):
    req = urllib.request.Request(base + path, headers={"Cookie": cookie, "Accept": "text/html"})
    t = time.perf_counter()
    body = opener.open(req).read()
    return time.perf_counter() - t, body

procs, targets = [], []
for spec in sys.argv[1:]:
    name, rest = spec.split("=", 1)
    binary, cwd, port = rest.split(":")
    p = subprocess.Popen([binary, "--listen", f"127.0.0.1:{port}", "--sim-vms", "2000", "--login-rate", "1000"], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(p)
    targets.append((name, f"http://127.0.0.1:{port}"))
time.sleep(3)
try:
    cookies = {name: login(base) for name, base in targets}
    times = {(n, p): [] for n, _ in targets for p in PAGES}
    sizes = {}
    for name, base in targets:
        for p in PAGES:
            _, body = get(base, cookies[name], p)  # warm
            br = subprocess.run(["brotli", "-c", "-q", "11"], input=body, capture_output=True).stdout
            sizes[(name, p)] = (len(body), len(br), body.count(b'data-testid="inventory-row"'))
    for i in range(N):
        for name, base in targets:
            for p in PAGES:
                t, _ = get(base, cookies[name], p)
                times[(name, p)].append(t)
    for p in PAGES:
        for name, _ in targets:
            raw, br, rows = sizes[(name, p)]
            med = statistics.median(times[(name, p)]) * 1000
            print(f"{p:22} {name:8} {raw:>10,} B HTML {br:>9,} B brotli  rows {rows:>5}  median {med:8.1f} ms (N={N})")
        if len(targets) == 2:
            a, b = targets[0][0], targets[1][0]
            print(f"{p:22} ratio {b}/{a}: size {sizes[(b,p)][0]/sizes[(a,p)][0]:.2f}, time {statistics.median(times[(b,p)])/statistics.median(times[(a,p)]):.2f}")
finally:
    for p in procs:
        p.terminate()
