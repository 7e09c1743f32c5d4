-- bench/wrk/search.lua -- "search": anonymous, rotating over the paths of
-- search-urls.txt (each thread starts at a different place in the list).
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

setup = common.setup

local reqs, i = {}, 0

function init(args)
    local f = assert(io.open(os.getenv("BENCH_WRK_DIR") .. "/search-urls.txt", "r"))
    for line in f:lines() do
        if line:sub(1, 1) == "/" then
            reqs[#reqs + 1] = wrk.format("GET", line)
        end
    end
    f:close()
    assert(#reqs > 0, "search-urls.txt has no paths")
    i = ((thread_no or 1) * 7919) % #reqs
end

function request()
    i = i % #reqs + 1
    return reqs[i]
end

function done(summary, latency, requests)
    common.report(summary, latency)
end
