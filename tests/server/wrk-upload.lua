-- wrk-upload.lua — a wrk script that POSTs fresh docs/interface.md §3 registrations to
-- /api/v1/records: `wrk ... -s wrk-upload.lua -- BATCH` sends BATCH records per request
-- (default 1), each with a new random UUID v4. Used by tests/server/load.test.mjs and by
-- tests/bench/ingest.mjs; it must only ever talk to the URL wrk was given (loopback).

local batch = 1
local counter = 0
local thread_no = 0
local threads = {}

function setup(thread)
  thread:set("thread_no", thread_no)
  thread_no = thread_no + 1
  table.insert(threads, thread)
end

function init(args)
  batch = tonumber(args[1] or "1") or 1
  -- Distinct seeds per thread and run, so two threads never draw the same ids.
  math.randomseed(os.time() * 1000 + thread_no * 7919 + math.floor(os.clock() * 1e6))
  statuses = {}
end

local hex = "0123456789abcdef"
local function hexbyte(b)
  local hi, lo = math.floor(b / 16) + 1, (b % 16) + 1
  return hex:sub(hi, hi) .. hex:sub(lo, lo)
end

local function uuid4()
  local t = {}
  for i = 1, 16 do t[i] = math.random(0, 255) end
  t[7] = (t[7] % 16) + 64   -- version 4
  t[9] = (t[9] % 64) + 128  -- variant 10xx
  local s = {}
  for i = 1, 16 do
    s[#s + 1] = hexbyte(t[i])
    if i == 4 or i == 6 or i == 8 or i == 10 then s[#s + 1] = "-" end
  end
  return table.concat(s)
end

local device = nil

request = function()
  device = device or uuid4()
  local lines = {}
  for i = 1, batch do
    counter = counter + 1
    lines[i] = '{"v":1,"type":"registration","id":"' .. uuid4() ..
      '","event":"untoc-wg-som-9-cd-2022","device":"' .. device ..
      '","created":"2022-07-01T09:00:00.000Z","name":"Load Test ' .. counter ..
      '","organization":"Load Test Organization","category":"ngo","country":"MX",' ..
      '"email":"","publish_consent":true}\n'
  end
  return wrk.format("POST", "/api/v1/records", { ["Content-Type"] = "application/x-ndjson" },
                    table.concat(lines))
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  -- One machine-readable line for the caller: every status seen, summed over threads.
  local all = {}
  for _, thread in ipairs(threads) do
    local st = thread:get("statuses")
    for code, n in pairs(st) do all[code] = (all[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(all) do parts[#parts + 1] = code .. "=" .. n end
  io.write("WRK-STATUSES " .. table.concat(parts, ",") .. "\n")
  io.write(string.format("WRK-LATENCY-US p50=%d p99=%d max=%d\n",
                         latency:percentile(50), latency:percentile(99), latency.max))
end
