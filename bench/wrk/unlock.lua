-- bench/wrk/unlock.lua -- "first reads": every request is a (member, record)
-- pair never read before, so each one pays points and writes an unlock and
-- a ledger row: POST /records/ID/unlock with the session's CSRF token (a GET
-- never pays), answered by a 303 back to the record (not followed).
-- BENCH_DATA: lines "<kc_session token>\t<record id>\t<csrf token>", ordered
-- by bench/run so that neighbouring lines belong to different members;
-- thread k of n takes lines k, k+n, k+2n... so no pair is asked twice. If a
-- thread runs out it starts again (re-unlocks, which are free) and done()
-- reports wrapped=1: bench/run then says the pool was too small.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

setup = common.setup

local reqs, i = {}, 0
wrapped = 0

function init(args)
    local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
    local me = (thread_no or 1) - 1
    for n, row in ipairs(common.read_tsv(os.getenv("BENCH_DATA"))) do
        if (n - 1) % threads == me then
            assert(row[3], "line " .. n .. " of BENCH_DATA has no CSRF token")
            reqs[#reqs + 1] = wrk.format("POST", "/records/" .. row[2] .. "/unlock",
                                         { ["Cookie"] = "kc_session=" .. row[1],
                                           ["Content-Type"] = "application/x-www-form-urlencoded" },
                                         "csrf=" .. row[3])
        end
    end
    assert(#reqs > 0, "no (session, record) pairs for thread " .. me)
end

function request()
    i = i + 1
    if i > #reqs then
        i, wrapped = 1, 1
    end
    return reqs[i]
end

function done(summary, latency, requests)
    local w = 0
    for _, t in ipairs(common.threads) do
        if tonumber(t:get("wrapped") or 0) == 1 then w = 1 end
    end
    common.report(summary, latency, " wrapped=" .. w)
end
