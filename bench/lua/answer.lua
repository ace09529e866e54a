-- Autosave: POST one answer per request, as the question card does (HTMX, CSRF token).
--
-- data.items: {path, body, repeat_body} — thread t posts items t, t + T, t + 2T … (T threads)
-- and marks an item acknowledged on a 200. Once through its items a thread starts again with
-- repeat_body (the same answer, without the version check), so what is stored stays what was
-- acknowledged. data.think_ms = {min, max}: a pause before each request (a participant reading).
local common = require("common")
local data, position, round, current

function init(args)
  data = common.data()
  position = thread_id
  round = 0
  math.randomseed(thread_id * 7919)
end

function delay()
  if data.think_ms then
    return math.random(data.think_ms[1], data.think_ms[2])
  end
  return 0
end

function request()
  if position > #data.items then
    position = (position - 1) % data.threads + 1
    round = round + 1
  end
  current = position
  position = position + data.threads
  local item = data.items[current]
  return wrk.format("POST", item[1], data.headers, round == 0 and item[2] or item[3])
end

function response(status, headers, body)
  common.status(status)
  if status == 200 then
    common.ack(current)
  end
end
