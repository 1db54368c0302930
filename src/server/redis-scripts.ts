const clock = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

const heldBy = `
local held = redis.call('HMGET', KEYS[1], 'version', 'lease', 'leaseUntil')
local isHeld = held[2] == ARGV[1] and (tonumber(held[3]) or 0) > now
`;

export const createScript = `${clock}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'version', 0, 'lease', ARGV[1], 'leaseUntil', now + tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[3]) * 1000, tonumber(ARGV[2])))
return 1
`;

export const acquireScript = `${clock}
local kind = redis.call('TYPE', KEYS[1]).ok
if kind == 'none' then return {'missing'} end
local entry = kind == 'hash' and redis.call('HMGET', KEYS[1], 'flow', 'version', 'leaseUntil') or {}
local version = tonumber(entry[2])
if not version then
  redis.call('DEL', KEYS[1])
  return {'missing'}
end
if (tonumber(entry[3]) or 0) > now then return {'busy'} end
redis.call('HSET', KEYS[1], 'lease', ARGV[1], 'leaseUntil', now + tonumber(ARGV[2]))
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if entry[1] then return {'leased', tostring(version), entry[1]} end
return {'leased', tostring(version)}
`;

export const commitScript = `${clock}${heldBy}
if not isHeld or held[1] ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[1])
  return 1
end
redis.call('HSET', KEYS[1], 'flow', ARGV[3], 'version', tonumber(ARGV[2]) + 1)
redis.call('HDEL', KEYS[1], 'lease', 'leaseUntil')
redis.call('PEXPIRE', KEYS[1], math.floor(tonumber(ARGV[4]) * 1000))
return 1
`;

export const releaseScript = `${clock}${heldBy}
if isHeld then redis.call('HDEL', KEYS[1], 'lease', 'leaseUntil') end
return 0
`;
