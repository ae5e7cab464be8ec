--[[
os-pinned — deterministic os.date and os.clock.

In real aos these are the C functions running under ao-loader, whose clock is pinned near 10 s after
the epoch and whose strftime is emscripten's. aolite must not read the host clock or time zone, so:

 * os.clock() is always 0.001;
 * os.date(fmt?, t?) formats t (seconds, default 10) in UTC — with or without the '!' prefix —
   using emscripten's strftime conventions (%c is '%a %b %d %H:%M:%S %Y', English names);
   '*t' / '!*t' return the broken-down table.

Calendar arithmetic is pure Lua (proleptic Gregorian, days counted from 1970-01-01).
Run once at boot; it replaces os.date and os.clock and returns { date = ..., clock = ... }.
]]

local PINNED_TIME = 10 -- seconds since the epoch that time(NULL) reads under ao-loader
local PINNED_CLOCK = 0.001

local string_format, type, tostring, error = string.format, type, tostring, error
local math_type, math_tointeger = math.type, math.tointeger

local DAY_NAMES = { 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday' }
local MONTH_NAMES = {
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
}

-- Days from 1970-01-01 to year-month-day (month 1..12), proleptic Gregorian calendar.
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400                          -- year of era, 0..399
  local mp = (m + 9) % 12                            -- March = 0 ... February = 11
  local doy = (153 * mp + 2) // 5 + d - 1            -- day of the March-based year
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy -- day of era
  return era * 146097 + doe - 719468
end

-- Inverse of days_from_civil: year, month (1..12), day (1..31).
local function civil_from_days(days)
  local z = days + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m, d
end

-- Broken-down UTC time in struct tm terms (wday 0 = Sunday, yday 0-based, year in full).
local function breakdown(t)
  local days, secs = t // 86400, t % 86400
  local y, m, d = civil_from_days(days)
  return {
    year = y, month = m, day = d,
    hour = secs // 3600, min = secs % 3600 // 60, sec = secs % 60,
    wday = (days + 4) % 7, -- 1970-01-01 was a Thursday
    yday = days - days_from_civil(y, 1, 1),
  }
end

local function isleap(y)
  return y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)
end

-- ISO 8601 week-based year and week number (weeks start on Monday; week 1 holds January 4th).
local function isoweek(tm)
  local wdaymon = (tm.wday + 6) % 7 -- Monday = 0
  local week = (tm.yday - wdaymon + 10) // 7
  local year = tm.year
  if week < 1 then
    year = year - 1
    local prevdays = isleap(year) and 366 or 365
    week = (tm.yday + prevdays - wdaymon + 10) // 7
  elseif week == 53 then
    local daysinyear = isleap(year) and 366 or 365
    -- the week belongs to next year when its Thursday falls into next year
    if tm.yday - wdaymon + 3 >= daysinyear then
      year, week = year + 1, 1
    end
  end
  return year, week
end

local function two(n) return string_format('%02d', n) end

-- One conversion letter -> text. Composite conversions expand through `format` itself.
local format
local conversions = {
  a = function(tm) return DAY_NAMES[tm.wday + 1]:sub(1, 3) end,
  A = function(tm) return DAY_NAMES[tm.wday + 1] end,
  b = function(tm) return MONTH_NAMES[tm.month]:sub(1, 3) end,
  B = function(tm) return MONTH_NAMES[tm.month] end,
  c = function(tm) return format('%a %b %d %H:%M:%S %Y', tm) end,
  C = function(tm) return two(tm.year // 100) end,
  d = function(tm) return two(tm.day) end,
  D = function(tm) return format('%m/%d/%y', tm) end,
  e = function(tm) return string_format('%2d', tm.day) end,
  F = function(tm) return format('%Y-%m-%d', tm) end,
  g = function(tm) return two((isoweek(tm)) % 100) end,
  G = function(tm) return tostring((isoweek(tm))) end,
  h = function(tm) return MONTH_NAMES[tm.month]:sub(1, 3) end,
  H = function(tm) return two(tm.hour) end,
  I = function(tm) return two((tm.hour + 11) % 12 + 1) end,
  j = function(tm) return string_format('%03d', tm.yday + 1) end,
  m = function(tm) return two(tm.month) end,
  M = function(tm) return two(tm.min) end,
  n = function() return '\n' end,
  p = function(tm) return tm.hour < 12 and 'AM' or 'PM' end,
  r = function(tm) return format('%I:%M:%S %p', tm) end,
  R = function(tm) return format('%H:%M', tm) end,
  S = function(tm) return two(tm.sec) end,
  t = function() return '\t' end,
  T = function(tm) return format('%H:%M:%S', tm) end,
  u = function(tm) return tostring(tm.wday == 0 and 7 or tm.wday) end,
  U = function(tm) return two((tm.yday + 7 - tm.wday) // 7) end,
  V = function(tm) local _, w = isoweek(tm) return two(w) end,
  w = function(tm) return tostring(tm.wday) end,
  W = function(tm) return two((tm.yday + 7 - (tm.wday + 6) % 7) // 7) end,
  x = function(tm) return format('%m/%d/%y', tm) end,
  X = function(tm) return format('%H:%M:%S', tm) end,
  y = function(tm) return two(tm.year % 100) end,
  Y = function(tm) return tostring(tm.year) end,
  z = function() return '+0000' end,
  Z = function() return 'GMT' end,
  ['%'] = function() return '%' end,
}
-- C99 modifiers Lua 5.3 accepts: %E before cCxXyY, %O before deHImMSuUVwWy (same output here).
local E_OK, O_OK = 'cCxXyY', 'deHImMSuUVwWy'

local function badconv(rest)
  error(string_format("bad argument #1 to 'date' (invalid conversion specifier '%%%s')", rest), 4)
end

format = function(fmt, tm)
  local out, i, n = {}, 1, #fmt
  while i <= n do
    local pct = fmt:find('%', i, true)
    if not pct then
      out[#out + 1] = fmt:sub(i)
      break
    end
    out[#out + 1] = fmt:sub(i, pct - 1)
    local c = fmt:sub(pct + 1, pct + 1)
    local nexti = pct + 2
    if c == 'E' or c == 'O' then
      local c2 = fmt:sub(pct + 2, pct + 2)
      if c2 == '' or not (c == 'E' and E_OK or O_OK):find(c2, 1, true) then badconv(fmt:sub(pct + 1)) end
      c, nexti = c2, pct + 3
    end
    local conv = conversions[c]
    if not conv then badconv(fmt:sub(pct + 1)) end
    out[#out + 1] = conv(tm)
    i = nexti
  end
  return table.concat(out)
end

local function date(fmt, t)
  if fmt == nil then
    fmt = '%c'
  elseif type(fmt) == 'number' then
    fmt = tostring(fmt)
  elseif type(fmt) ~= 'string' then
    error(string_format("bad argument #1 to 'date' (string expected, got %s)", type(fmt)), 2)
  end
  if t == nil then
    t = PINNED_TIME
  elseif math_type(t) ~= 'integer' then
    local n = tonumber(t)
    if n == nil then
      error(string_format("bad argument #2 to 'date' (number expected, got %s)", type(t)), 2)
    end
    t = math_tointeger(n)
    if t == nil then error("bad argument #2 to 'date' (number has no integer representation)", 2) end
  end
  if fmt:sub(1, 1) == '!' then fmt = fmt:sub(2) end -- UTC either way
  local tm = breakdown(t)
  if fmt == '*t' then
    return {
      year = tm.year, month = tm.month, day = tm.day,
      hour = tm.hour, min = tm.min, sec = tm.sec,
      wday = tm.wday + 1, yday = tm.yday + 1, isdst = false,
    }
  end
  local text = format(fmt, tm) -- not a tail call: error levels count this frame
  return text
end

local function clock()
  return PINNED_CLOCK
end

os.date = date
os.clock = clock

return { date = date, clock = clock }
