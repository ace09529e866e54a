-- Shared by the wrk scripts of `make bench` (bench/harness.py runs them).
--
-- The harness writes the scenario's data as a Lua file ($BENCH_DATA) and reads a JSON summary
-- that done() writes to $BENCH_OUT: wrk's own counts and latency percentiles, responses by
-- status, the scripts' counters summed over the threads, and the ids a script marked as
-- acknowledged (one per line in $BENCH_OUT.acked), which the harness looks up in the database.
--
-- Scripts that track what the server acknowledged run one connection per thread (-t = -c), so
-- that each response belongs to the request the same thread sent last.

local common = {}
local threads = {}

function common.data()
  return dofile(os.getenv("BENCH_DATA"))
end

-- Per-thread state, read back by done() through thread:get.
statuses = {}
counters = {}
acked = {}

function common.count(name, n)
  counters[name] = (counters[name] or 0) + (n or 1)
end

function common.ack(id)
  acked[#acked + 1] = id
end

function common.status(status)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function common.urlencode(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function common.form(fields)
  local parts = {}
  for _, pair in ipairs(fields) do
    parts[#parts + 1] = common.urlencode(pair[1]) .. "=" .. common.urlencode(pair[2])
  end
  return table.concat(parts, "&")
end

function common.copy(t)
  local out = {}
  for k, v in pairs(t or {}) do out[k] = v end
  return out
end

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

local function json_string(s)
  return '"' .. string.gsub(tostring(s), '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

local function json_object(t)
  local parts = {}
  for k, v in pairs(t) do
    parts[#parts + 1] = json_string(k) .. ": " .. tostring(v)
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local all_statuses, all_counters = {}, {}
  local acked_file = io.open(os.getenv("BENCH_OUT") .. ".acked", "w")
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("statuses") or {}) do
      all_statuses[k] = (all_statuses[k] or 0) + v
    end
    for k, v in pairs(thread:get("counters") or {}) do
      all_counters[k] = (all_counters[k] or 0) + v
    end
    for _, id in ipairs(thread:get("acked") or {}) do
      acked_file:write(tostring(id), "\n")
    end
  end
  acked_file:close()
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write("{",
    '"requests": ', summary.requests, ", ",
    '"duration_s": ', summary.duration / 1e6, ", ",
    '"bytes": ', summary.bytes, ", ",
    '"socket_errors": ', e.connect + e.read + e.write + e.timeout, ", ",
    '"status_errors": ', e.status, ", ",
    '"latency_ms": {',
      '"p50": ', latency:percentile(50) / 1000, ", ",
      '"p95": ', latency:percentile(95) / 1000, ", ",
      '"p99": ', latency:percentile(99) / 1000, ", ",
      '"max": ', latency.max / 1000, ", ",
      '"mean": ', latency.mean / 1000, "}, ",
    '"statuses": ', json_object(all_statuses), ", ",
    '"counters": ', json_object(all_counters),
    "}\n")
  out:close()
end

return common
