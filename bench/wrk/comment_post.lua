-- POST a valid comment with consent; every request has its own e-mail and body, so none is a
-- duplicate (409). A first-time e-mail is held (pending), as on a live site, so the posts change
-- nothing readers see and leave the other rows' caches alone. No Idempotency-Key (it adds a lookup
-- and an insert of its own, three queries in all).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + tid)
  nonce = string.format("%d-%d-%d", os.time(), tid, math.random(1, 1000000000))
  counter = 0
end

function request()
  counter = counter + 1
  local id = nonce .. "-" .. counter
  local body = string.format(
    '{"author_name":"قارئ %d","author_email":"r%s@bench.example","body":"<p>تعليق رقم %s على هذا الخبر، شكراً للكاتب.</p>","consent":true}',
    counter, id, id)
  return wrk.format("POST", nil, {
    ["Host"] = wrk.headers["Host"],
    ["Content-Type"] = "application/json",
  }, body)
end
