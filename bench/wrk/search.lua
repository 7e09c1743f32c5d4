-- bench/wrk/search.lua -- "search": anonymous, rotating over the paths of
-- search-urls.txt (each thread starts at a different place in the list),
-- plus, if BENCH_SEARCH_TAIL is set, a long tail: that percent of the
-- requests (default 0) are two-word queries drawn from the words below, a
-- third of them with a filter, so that they are seldom asked twice, as the
-- rare searches of a real day are: no cache of popular searches can answer
-- them. search-rare.lua asks only those.
local common = dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

setup = common.setup

local reqs, i, tail = {}, 0, 0

local words = {
    "breuken", "werkwoorden", "lezen", "spelling", "klok", "tafels", "procenten",
    "fotosynthese", "waterkringloop", "zonnestelsel", "magneet", "planten", "dieren",
    "seizoenen", "verkeer", "voeding", "lichaam", "Romeinen", "middeleeuwen", "oorlog",
    "kaart", "vulkanen", "klimaat", "Europa", "migratie", "zwemmen", "turnen", "tekenen",
    "muziek", "ritme", "zingen", "Scratch", "programmeren", "mediawijsheid", "rekenblad",
    "religie", "budget", "robot", "energie", "hout", "hulp", "rechten", "democratie",
    "filosofie", "samenvatten", "pesten", "emoties", "samenwerken", "oefeningen",
    "werkblad", "spel", "quiz", "video", "les", "toets", "herhaling",
    "fractions", "verbs", "reading", "grammar", "vocabulary", "water", "cycle", "solar",
    "system", "history", "war", "maps", "climate", "music", "coding", "safety",
    "health", "animals", "plants", "energy", "exercise", "worksheet", "lesson", "quiz",
}
local filters = {
    "&kind=video", "&kind=exercise", "&kind=document", "&level=lager", "&level=secundair-1",
    "&level=kleuter", "&subject=wiskunde", "&subject=nederlands", "&language=en",
    "&subject=wereldorientatie", "&level=secundair-2", "&kind=article",
}

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
    tail = tonumber(os.getenv("BENCH_SEARCH_TAIL") or "0")
    if BENCH_RARE_ONLY then
        tail = 100
    end
    math.randomseed(os.time() * 100 + (thread_no or 1))
end

function request()
    if math.random(100) <= tail then
        local path = "/records?q=" .. words[math.random(#words)] .. "+" .. words[math.random(#words)]
        if math.random(3) == 1 then
            path = path .. filters[math.random(#filters)]
        end
        return wrk.format("GET", path)
    end
    i = i % #reqs + 1
    return reqs[i]
end

function done(summary, latency, requests)
    common.report(summary, latency)
end
