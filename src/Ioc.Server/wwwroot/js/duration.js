// Durations as definition files write them (500ms, 10s, 5m, 2h, 7d), the same grammar as the server's DurationText.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds for `text`, or `fallbackMs` when it is missing or malformed. */
export function parseDuration(text, fallbackMs) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text ?? '');
  return match ? Number(match[1]) * UNIT_MS[match[2]] : fallbackMs;
}
