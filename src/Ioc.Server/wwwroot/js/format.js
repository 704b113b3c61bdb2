// Numbers, units and times in the dashboard's locale (vi-VN by default: "81,17%", "4,71 tỷ VND", "14:05").

const CURRENCY_UNITS = new Set(['vnd', 'đ', '₫', 'đồng', 'dong']);
const GLUED_UNITS = new Set(['%', '‰', '°', '°c']);

/** `timeZone` is IANA (the dashboard's); undefined means the screen's own. */
export function createFormat(locale, timeZone) {
  const cache = new Map();
  const numberFormat = (options) => {
    const id = JSON.stringify(options);
    let format = cache.get(id);
    if (!format) {
      format = new Intl.NumberFormat(locale, options);
      cache.set(id, format);
    }
    return format;
  };
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
  const clockSeconds = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone });
  const dayMonth = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone });
  const longDate = new Intl.DateTimeFormat(locale, { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric', timeZone });

  /** Big numbers go compact ("4,71 tỷ") where a wall reader cannot count digits; money earlier than counts. */
  function isCompact(value, unit) {
    const magnitude = Math.abs(value);
    return CURRENCY_UNITS.has((unit ?? '').toLowerCase()) ? magnitude >= 1e6 : magnitude >= 1e9;
  }

  /** The number alone, e.g. "81,17" or "4,71 tỷ". `decimals` fixes the fraction digits of plain numbers. */
  function number(value, { unit, decimals } = {}) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return '–';
    }
    if (isCompact(value, unit)) {
      return numberFormat({ notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 3 }).format(value);
    }
    if (decimals != null) {
      return numberFormat({ minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
    }
    const magnitude = Math.abs(value);
    const digits = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : 2;
    return numberFormat({ maximumFractionDigits: digits }).format(value);
  }

  /** Axis labels: compact from a million up ("4,71 tỷ", clearer than the short "4,71 T"), at most one fraction digit. */
  function axis(value, { unit } = {}) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return '';
    }
    if (Math.abs(value) >= 1e6) {
      return numberFormat({ notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 3 }).format(value);
    }
    const text = numberFormat({ maximumFractionDigits: Math.abs(value) >= 10 ? 0 : 1 }).format(value);
    return GLUED_UNITS.has((unit ?? '').toLowerCase()) ? text + unit : text;
  }

  /** How the unit follows a number: "%" is glued on, other units after a space; "" when there is none. */
  function unitSuffix(unit) {
    if (!unit) {
      return '';
    }
    return GLUED_UNITS.has(unit.toLowerCase()) ? unit : `\u00a0${unit}`;
  }

  function withUnit(value, options = {}) {
    const text = number(value, options);
    return text === '–' ? text : text + unitSuffix(options.unit);
  }

  /** "14:05", with the day added when the moment is not today (in the viewer's calendar). */
  function asOf(ms, nowMs) {
    const at = new Date(ms);
    const now = new Date(nowMs ?? Date.now());
    const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
    if (sameDay) {
      return clock.format(at);
    }
    const day = dayMonth.formatToParts(at).filter((p) => p.type === 'day' || p.type === 'month').map((p) => p.value).join('/');
    return `${clock.format(at)} ${day}`;
  }

  return {
    locale,
    number,
    axis,
    withUnit,
    unitSuffix,
    asOf,
    time: (ms) => clock.format(new Date(ms)),
    timeSeconds: (ms) => clockSeconds.format(new Date(ms)),
    longDate: (ms) => longDate.format(new Date(ms)),
  };
}
