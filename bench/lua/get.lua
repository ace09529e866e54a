-- GET a list of paths in turn, with fixed headers: thread t asks for paths t, t + T, t + 2T …
-- (T threads), so that with one connection per thread no two ask for the same one at once.
local common = require("common")
local data, index

function init(args)
  data = common.data()
  index = thread_id
end

function request()
  local path = data.paths[(index - 1) % #data.paths + 1]
  index = index + data.threads
  return wrk.format("GET", path, data.headers)
end

function response(status, headers, body)
  common.status(status)
end
