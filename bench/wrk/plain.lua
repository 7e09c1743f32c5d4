-- bench/wrk/plain.lua -- one fixed URL (the one on wrk's command line):
-- static, minimal and home scenarios. Only adds the report line.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function done(summary, latency, requests)
    common.report(summary, latency)
end
