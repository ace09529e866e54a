-- A whole submission through the browser flow, over and over: every page GET and POST in turn.
--
-- data.steps: {method, path, body, expect, capture, ack, ack_count, fresh_address}
--   path may hold "{token}", filled from the Location header of an earlier step (`capture`,
--   a Lua pattern with one capture); `ack` marks the step's answers acknowledged as
--   "<id> <ack_count>", where id is the token (ack = true) or what the pattern `ack` captures
--   from the Location header (a submission's id);
--   `fresh_address` sends an X-Forwarded-For of its own for each flow (the start form counts
--   new assessments per address). A step answered with another status than `expect` ends the
--   flow (counted as failed) and the next one starts.
-- Counters: completed flows, failed flows.
local common = require("common")
local data, step, token, flows

function init(args)
  data = common.data()
  step = 1
  flows = 0
  token = ""
end

local function fill(path)
  return (string.gsub(path, "{token}", token))
end

function request()
  local s = data.steps[step]
  local headers = common.copy(s.body and data.post_headers or data.headers)
  if s.fresh_address then
    headers["X-Forwarded-For"] = "bench-" .. thread_id .. "-" .. flows
  end
  return wrk.format(s.method, fill(s.path), headers, s.body)
end

local function restart()
  step = 1
  flows = flows + 1
  token = ""
end

function response(status, headers, body)
  common.status(status)
  local s = data.steps[step]
  if status ~= s.expect then
    common.count("failed")
    restart()
    return
  end
  local location = headers["Location"] or headers["location"] or ""
  if s.capture then
    token = string.match(location, s.capture) or ""
  end
  if s.ack then
    local id = type(s.ack) == "string" and string.match(location, s.ack) or token
    common.ack(id .. " " .. s.ack_count)
  end
  if step == #data.steps then
    common.count("completed")
    restart()
  else
    step = step + 1
  end
end
