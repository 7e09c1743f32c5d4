-- bench/wrk/detail.lua -- "detail": logged-in members re-reading records
-- they already unlocked. BENCH_DATA: lines "<kc_session token>\t<record id>"
-- (written by bench/run, which opened each pair once before measuring).
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

setup = common.setup

local reqs, i = {}, 0

function init(args)
    for _, row in ipairs(common.read_tsv(os.getenv("BENCH_DATA"))) do
        reqs[#reqs + 1] = wrk.format("GET", "/records/" .. row[2],
                                     { ["Cookie"] = "kc_session=" .. row[1] })
    end
    assert(#reqs > 0, "no (session, record) pairs in " .. tostring(os.getenv("BENCH_DATA")))
    local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
    i = math.floor(((thread_no or 1) - 1) * #reqs / threads)
end

function request()
    i = i % #reqs + 1
    return reqs[i]
end

function done(summary, latency, requests)
    common.report(summary, latency)
end
