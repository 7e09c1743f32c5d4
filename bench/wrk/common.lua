-- bench/wrk/common.lua -- shared by the scenario scripts (loaded with dofile).
-- done() prints one machine-readable line that bench/run parses:
--   BENCH requests=N duration_us=N p50_us=N p99_us=N ... connect=N read=N
--   write=N status=N timeout=N [extra key=value pairs]
-- "status" is wrk's "Non-2xx or 3xx responses" count.
local M = {}

function M.report(summary, latency, extra)
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
        .. "connect=%d read=%d write=%d status=%d timeout=%d%s\n",
        summary.requests, summary.duration, summary.bytes,
        math.floor(latency:percentile(50)), math.floor(latency:percentile(90)),
        math.floor(latency:percentile(99)), math.floor(latency.max),
        e.connect, e.read, e.write, e.status, e.timeout, extra or ""))
end

-- Lines of a tab-separated file as arrays of fields.
function M.read_tsv(path)
    local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
    local rows = {}
    for line in f:lines() do
        if line ~= "" then
            local row = {}
            for field in string.gmatch(line, "[^\t]+") do
                row[#row + 1] = field
            end
            rows[#rows + 1] = row
        end
    end
    f:close()
    return rows
end

-- setup(): number the threads (1..n) so each can pick its own slice.
M.threads = {}
function M.setup(thread)
    M.threads[#M.threads + 1] = thread
    thread:set("thread_no", #M.threads)
end

return M
