/**
 * `strftime` for the Lua glue (Lua's os.date calls it once per conversion), in the C locale: English
 * names, `%c` = "%a %b %d %H:%M:%S %Y", `%x` = "%m/%d/%y", `%X` = "%H:%M:%S", ISO 8601 weeks for
 * `%V %G %g`, and the E/O modifiers ignored (but `%Ec` gives "%c", as emscripten's does). The time is whatever struct tm Lua passes (the sandbox
 * only lets UTC through). Output longer than `max` bytes (with its NUL) gives 0, as in C.
 */

/** struct tm as the glue lays it out (int fields, then a long gmtoff and a zone pointer). */
export interface BrokenDownTime {
  sec: number;
  min: number;
  hour: number;
  mday: number;
  /** 0..11 */
  mon: number;
  /** years since 1900 */
  year: number;
  /** 0 = Sunday */
  wday: number;
  /** 0..365 */
  yday: number;
  gmtoff: number;
  zone: string;
}

export function readTm(view: DataView, tm: number, readCString: (pointer: number) => string): BrokenDownTime {
  const int = (offset: number): number => view.getInt32(tm + offset, true);
  const zone = view.getUint32(tm + 40, true);
  return {
    sec: int(0),
    min: int(4),
    hour: int(8),
    mday: int(12),
    mon: int(16),
    year: int(20),
    wday: int(24),
    yday: int(28),
    gmtoff: int(36),
    zone: zone === 0 ? '' : readCString(zone),
  };
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const COMPOSITES: Record<string, string> = {
  c: '%a %b %d %H:%M:%S %Y',
  D: '%m/%d/%y',
  F: '%Y-%m-%d',
  h: '%b',
  r: '%I:%M:%S %p',
  R: '%H:%M',
  T: '%H:%M:%S',
  x: '%m/%d/%y',
  X: '%H:%M:%S',
};

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** ISO 8601 week number and week-based year of a date given by year, day of year and weekday. */
function isoWeek(t: BrokenDownTime): { week: number; year: number } {
  const year = t.year + 1900;
  const isoDay = (t.wday + 6) % 7; // Monday = 0
  const week = Math.floor((t.yday - isoDay + 10) / 7);
  if (week < 1) {
    const prev = year - 1;
    const prevDays = isLeap(prev) ? 366 : 365;
    return isoWeek({ ...t, year: prev - 1900, yday: t.yday + prevDays });
  }
  const days = isLeap(year) ? 366 : 365;
  if (week === 53) {
    // Week 53 exists only when the Thursday of this week is still in this year.
    const thursdayYday = t.yday - isoDay + 3;
    if (thursdayYday >= days) return { week: 1, year: year + 1 };
  }
  return { week, year };
}

function conversion(spec: string, t: BrokenDownTime): string {
  const year = t.year + 1900;
  switch (spec) {
    case 'a':
      return (DAYS[t.wday] ?? '').slice(0, 3);
    case 'A':
      return DAYS[t.wday] ?? '';
    case 'b':
      return (MONTHS[t.mon] ?? '').slice(0, 3);
    case 'B':
      return MONTHS[t.mon] ?? '';
    case 'C':
      return pad(Math.trunc(year / 100), 2);
    case 'd':
      return pad(t.mday, 2);
    case 'e':
      return pad(t.mday, 2, ' ');
    case 'g':
      return String(isoWeek(t).year).slice(2);
    case 'G':
      return String(isoWeek(t).year);
    case 'H':
      return pad(t.hour, 2);
    case 'I':
      return pad(t.hour % 12 === 0 ? 12 : t.hour % 12, 2);
    case 'j':
      return pad(t.yday + 1, 3);
    case 'm':
      return pad(t.mon + 1, 2);
    case 'M':
      return pad(t.min, 2);
    case 'n':
      return '\n';
    case 'p':
      return t.hour < 12 ? 'AM' : 'PM';
    case 'S':
      return pad(t.sec, 2);
    case 't':
      return '\t';
    case 'u':
      return String(t.wday === 0 ? 7 : t.wday);
    case 'U':
      return pad(Math.floor((t.yday + 7 - t.wday) / 7), 2);
    case 'V':
      return pad(isoWeek(t).week, 2);
    case 'w':
      return String(t.wday);
    case 'W':
      return pad(Math.floor((t.yday + 7 - ((t.wday + 6) % 7)) / 7), 2);
    case 'y':
      return String(year).slice(2);
    case 'Y':
      return String(year);
    case 'z': {
      const minutes = Math.abs(t.gmtoff) / 60;
      return `${t.gmtoff >= 0 ? '+' : '-'}${pad((Math.floor(minutes / 60) * 100 + (minutes % 60)) | 0, 4)}`;
    }
    case 'Z':
      return t.zone;
    case '%':
      return '%';
    default:
      return `%${spec}`;
  }
}

export function formatTime(format: string, t: BrokenDownTime): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    let spec = format[++i]!;
    if ((spec === 'E' || spec === 'O') && i + 1 < format.length) {
      spec = format[++i]!;
      // emscripten's strftime turns %Ec into a literal "%c" (its expansions run in a fixed order).
      if (format[i - 1] === 'E' && spec === 'c') {
        out += '%c';
        continue;
      }
    }
    const composite = COMPOSITES[spec];
    out += composite === undefined ? conversion(spec, t) : formatTime(composite, t);
  }
  return out;
}
