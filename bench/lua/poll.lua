-- The facilitator's live view: each thread polls its own path every data.delay_ms with the
-- ETag it last got as If-None-Match, as static/js/live.js does (one connection per thread).
local common = require("common")
local data, path, etag

function init(args)
  data = common.data()
  path = data.paths[(thread_id - 1) % #data.paths + 1]
end

function delay()
  return data.delay_ms
end

function request()
  local headers = common.copy(data.headers)
  if etag then
    headers["If-None-Match"] = etag
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  common.status(status)
  if headers["ETag"] or headers["etag"] then
    etag = headers["ETag"] or headers["etag"]
  end
end
