-- bench/wrk/search-rare.lua -- "search-rare": anonymous searches that are
-- seldom asked twice (two words drawn from search.lua's list, a third of
-- them with a filter), so that neither the page cache nor the search cache
-- can answer most of them: what a search costs when it is done for real.
BENCH_RARE_ONLY = true
dofile(os.getenv("BENCH_WRK_DIR") .. "/search.lua")
