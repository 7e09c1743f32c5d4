-- bench/wrk/plain.lua -- one fixed URL (the one on wrk's command line):
-- static, static-session, minimal and home scenarios. Only adds the report
-- line, and BENCH_COOKIE (static-session) as a Cookie header on every request.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
    wrk.headers["Cookie"] = cookie
end

function done(summary, latency, requests)
    common.report(summary, latency)
end
