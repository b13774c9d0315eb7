namespace Keygate.Coordination;

/// <summary>
/// The Lua scripts behind <see cref="RedisLimitCounters"/>: each decision is one script, which Redis runs atomically, so
/// requests on every node are counted against the same counters with no read-then-write race. Times are milliseconds
/// of the calling node's clock (as quota periods are).
///
/// A window is a hash of buckets (bucket number → requests) with their running sum and oldest bucket, expiring a period
/// after its last request. A bucket counts while any part of it is within the last period, so a window can only
/// over-count (a request is never admitted past its limit) and at least <c>buckets / (buckets + 1)</c> of its limit stays usable. A quota is a hash of <c>used</c>
/// and <c>reserved</c>: spending never passes the reservation made durably in the database, so losing Redis loses at
/// most unspent allowance. A quota missing from Redis must first be loaded from the database (the script says so).
/// </summary>
internal static class RedisLimitScripts
{
    /// <summary>Helpers the scripts share.</summary>
    private const string Prelude = """
        -- A window's requests still counted, and its oldest bucket (nil when empty). The hash keeps their running 'sum' and
        -- its 'oldest' bucket beside the buckets, so a request reads two fields; only when the oldest bucket has left the
        -- period (at most once a bucket length) are the buckets read, the gone ones dropped and the two recounted.
        local function window(key, period, bucket, now)
          local first = math.floor((now - period) / bucket)
          local state = redis.call('HMGET', key, 'sum', 'oldest')
          local sum, oldest = tonumber(state[1]), tonumber(state[2])
          if sum and (not oldest or oldest >= first) then
            return sum, oldest
          end
          sum, oldest = 0, nil
          local fields = redis.call('HGETALL', key)
          for i = 1, #fields, 2 do
            local index = tonumber(fields[i])
            if index then
              if index < first then
                redis.call('HDEL', key, fields[i])
              else
                sum = sum + tonumber(fields[i + 1])
                if not oldest or index < oldest then oldest = index end
              end
            end
          end
          if oldest then
            redis.call('HSET', key, 'sum', sum, 'oldest', oldest)
          else
            redis.call('DEL', key)
          end
          return sum, oldest
        end

        -- A window's buckets, oldest first, once window() has dropped the gone ones: for a refusal's wait only.
        local function buckets_of(key)
          local fields = redis.call('HGETALL', key)
          local buckets = {}
          for i = 1, #fields, 2 do
            local index = tonumber(fields[i])
            if index then buckets[#buckets + 1] = { index, tonumber(fields[i + 1]) } end
          end
          table.sort(buckets, function(a, b) return a[1] < b[1] end)
          return buckets
        end

        -- Milliseconds until a bucket's requests have all left the window: its latest request was at its end or now,
        -- whichever came first, so the wait is never longer than the period.
        local function leaves(index, period, bucket, now)
          return math.max(0, math.min(now, (index + 1) * bucket) + period - now)
        end

        -- Milliseconds until `excess` requests have left the window (the oldest first); zero when nothing is used.
        local function until_freed(buckets, excess, period, bucket, now)
          for _, b in ipairs(buckets) do
            excess = excess - b[2]
            if excess <= 0 then return leaves(b[1], period, bucket, now) end
          end
          return period
        end
        """;

    /// <summary>
    /// Takes for several requests at once, one after the other, each all-or-nothing as if alone: the requests a node has
    /// in flight share one call (<see cref="RedisTakeBatch"/>). KEYS: every counter of every request, in request order;
    /// per request, the key's windows, the key's quotas, the account's windows, the account's quotas. ARGV: now, then per
    /// request its number of counters, its requests, and per counter its kind and three numbers: for a window (<c>w</c>)
    /// its limit, period and bucket length, for a quota (<c>q</c>) its limit, cost and the end of its period. Returns one
    /// answer per request: { 1, counter, remaining, reset } when taken (counter is the tightest, 0 when none was counted),
    /// { 0, counter, remaining, reset, retry } when a counter refused it, and { 2, counter } when a quota must be loaded
    /// or refilled from the database first; counters count from 1 within their request.
    /// </summary>
    public static readonly RedisScript Take = new(Prelude + """

        -- One request's take over KEYS[first .. first + count - 1], its numbers from ARGV[arg].
        local function take(first, count, arg, now, requests)
          local spend = {}
          for c = 1, count do
            local key = KEYS[first + c - 1]
            if ARGV[arg] == 'w' then
              local limit, period, bucket = tonumber(ARGV[arg + 1]), tonumber(ARGV[arg + 2]), tonumber(ARGV[arg + 3])
              local sum, oldest = window(key, period, bucket, now)
              if sum + requests > limit then
                local reset = oldest and leaves(oldest, period, bucket, now) or 0
                return { 0, c, math.max(0, limit - sum), reset, until_freed(buckets_of(key), sum + requests - limit, period, bucket, now) }
              end
              spend[c] = { 'w', limit, period, bucket, sum, oldest }
            else
              local limit, cost, ends = tonumber(ARGV[arg + 1]), tonumber(ARGV[arg + 2]), tonumber(ARGV[arg + 3])
              if cost > 0 then
                local held = redis.call('HMGET', key, 'used', 'reserved')
                if not held[1] then return { 2, c } end
                local used, reserved = tonumber(held[1]), tonumber(held[2])
                if used + cost > limit then
                  return { 0, c, math.max(0, limit - used), math.max(0, ends - now), math.max(0, ends - now) }
                end
                if used + cost > reserved then return { 2, c } end
                spend[c] = { 'q', limit, cost, ends, used }
              end
            end
            arg = arg + 4
          end
          -- Every counter admits it: spend, and report the one with least left (on a tie, the one that comes back later).
          local best, best_left, best_reset = 0, 0, 0
          for c = 1, count do
            local s, key = spend[c], KEYS[first + c - 1]
            if s then
              local left, reset
              if s[1] == 'w' then
                local period, bucket = s[3], s[4]
                local index = math.floor(now / bucket)
                -- The oldest bucket still counted: the one read above, else the one just added.
                local oldest = s[6] or index
                redis.call('HINCRBY', key, index, requests)
                redis.call('HSET', key, 'sum', s[5] + requests, 'oldest', oldest)
                redis.call('PEXPIRE', key, period + bucket)
                left = math.max(0, s[2] - s[5] - requests)
                reset = leaves(oldest, period, bucket, now)
              else
                redis.call('HINCRBY', key, 'used', s[3])
                left = math.max(0, s[2] - s[5] - s[3])
                reset = math.max(0, s[4] - now)
              end
              local seconds = math.ceil(reset / 1000)
              if best == 0 or left < best_left or (left == best_left and seconds > math.ceil(best_reset / 1000)) then
                best, best_left, best_reset = c, left, reset
              end
            end
          end
          return { 1, best, best_left, best_reset }
        end

        local now = tonumber(ARGV[1])
        local answers = {}
        local first, arg = 1, 2
        while arg <= #ARGV do
          local count, requests = tonumber(ARGV[arg]), tonumber(ARGV[arg + 1])
          answers[#answers + 1] = take(first, count, arg + 2, now, requests)
          first, arg = first + count, arg + 2 + 4 * count
        end
        return answers
        """);

    /// <summary>
    /// What is left of each counter of a scope, taking nothing. KEYS: the scope's counters; ARGV: now, an unused number, then the counters as for <see cref="Take"/> (costs unused).
    /// Returns { remaining, reset } per counter, or { -1, counter } when a quota must be loaded from the database first.
    /// </summary>
    public static readonly RedisScript Read = new(Prelude + """

        local now = tonumber(ARGV[1])
        local result = {}
        local arg = 3
        for i = 1, #KEYS do
          local limit = tonumber(ARGV[arg + 1])
          if ARGV[arg] == 'w' then
            local period, bucket = tonumber(ARGV[arg + 2]), tonumber(ARGV[arg + 3])
            local sum, oldest = window(KEYS[i], period, bucket, now)
            result[#result + 1] = math.max(0, limit - sum)
            result[#result + 1] = oldest and leaves(oldest, period, bucket, now) or 0
          else
            local used = redis.call('HGET', KEYS[i], 'used')
            if not used then return { -1, i } end
            result[#result + 1] = math.max(0, limit - tonumber(used))
            result[#result + 1] = math.max(0, tonumber(ARGV[arg + 3]) - now)
          end
          arg = arg + 4
        end
        return result
        """);

    /// <summary>
    /// Loads a quota from the database: KEYS[1] the quota, ARGV what the database says was reserved (all of it counts as
    /// spent, since a node that held it may have spent it) and when the key may go (a day after its period ends). Does nothing if another node loaded it first.
    /// </summary>
    public static readonly RedisScript Load = new("""
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('HSET', KEYS[1], 'used', ARGV[1], 'reserved', ARGV[1])
          redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        end
        """);

    /// <summary>
    /// Records a reservation made in the database: KEYS[1] the quota, ARGV[1] the database's new total. Totals only grow,
    /// so the largest one heard is the true one whatever order nodes report them in.
    /// </summary>
    public static readonly RedisScript Raise = new("""
        local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved'))
        if reserved and tonumber(ARGV[1]) > reserved then
          redis.call('HSET', KEYS[1], 'reserved', ARGV[1])
        end
        """);
}
