-- wrk script for `make bench-load`: every request a server-function call (POST, a form body) on one of the
-- console sessions of the cookie file (one `vconsole_session=…` per line), taken in turn per request (wrk's
-- scripts cannot tie a session to a connection); or, with MODE=direct, the same call made to the simulator
-- with one of the vCenter session ids of the file.
local cookies = {}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("COOKIES")) do
    if line ~= "" then cookies[#cookies + 1] = line end
  end
end

local thread_id = 0
function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function request()
  counter = counter + 1
  local n = #cookies
  local pick = cookies[((id or 0) * 7919 + counter) % n + 1]
  if os.getenv("MODE") == "direct" then
    return wrk.format("GET", os.getenv("TARGET"), { ["vmware-api-session-id"] = pick, ["Accept"] = "application/json" })
  end
  return wrk.format("POST", os.getenv("TARGET"), {
    ["Cookie"] = pick,
    ["Origin"] = os.getenv("ORIGIN"),
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
  }, os.getenv("BODY"))
end

-- One line of JSON at the end, for the report: requests/s, percentiles (µs), errors.
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format('WRK_JSON {"requests": %d, "seconds": %.3f, "p50_us": %d, "p99_us": %d, "mean_us": %.1f, "errors": %d, "status_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99), latency.mean, errors, summary.errors.status))
end
