-- wrk: each request a reply by the next person of a list (path, cookie, CSRF token per line), so
-- no one passes the posting guard's 10 posts a minute. Arguments: LIST ORIGIN THREADS.
local made = 0
function setup(thread)
  thread:set("offset", made)
  made = made + 1
end

local requests = {}
local position, step, origin, counter

function init(args)
  origin = args[2]
  step = tonumber(args[3])
  for line in io.lines(args[1]) do
    local path, cookie, csrf = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
    requests[#requests + 1] = { path, cookie, csrf }
  end
  position = offset
  counter = 0
end

function request()
  local entry = requests[(position % #requests) + 1]
  position = position + step
  counter = counter + 1
  local body = '{"body":"Bench reply ' .. counter .. ' from wrk thread ' .. offset .. '."}'
  return wrk.format("POST", entry[1], {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = entry[2],
    ["X-CSRF-Token"] = entry[3],
  }, body)
end
