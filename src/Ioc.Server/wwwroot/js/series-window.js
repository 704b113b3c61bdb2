// The points of one time-series line: the query API's buckets, then live points appended after them, cut to
// the panel's window. Once there are many live points, those of complete buckets are folded into one value
// per bucket (same width, alignment and aggregation as the server), so a screen left on for weeks keeps a
// bounded number of points and its line looks like a fresh page's.

// The server's BucketPlan widths, for series that arrive live without history.
const NICE_WIDTHS_MS = [1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 108e5, 216e5, 432e5, 864e5];

const AGGREGATE = {
  mean: (values) => values.reduce((a, b) => a + b, 0) / values.length,
  min: (values) => Math.min(...values),
  max: (values) => Math.max(...values),
  last: (values) => values[values.length - 1],
  sum: (values) => values.reduce((a, b) => a + b, 0),
};

/**
 * Works on a series state object, adding `points` ([[time, value]] in time order), `bucketMs` and `raw`
 * (how many of the newest points are live ones not yet folded).
 */
// Aggregation as the definition names it, or as the server's enum number (Mean, Min, Max, Last, Sum).
const AGGREGATION_BY_NUMBER = ['mean', 'min', 'max', 'last', 'sum'];

export function createSeriesWindow({ windowMs, maxPoints = 240, aggregation = 'mean' }) {
  const name = typeof aggregation === 'number' ? AGGREGATION_BY_NUMBER[aggregation] : String(aggregation).toLowerCase();
  const aggregate = AGGREGATE[name] ?? AGGREGATE.mean;
  const defaultBucketMs = NICE_WIDTHS_MS.find((w) => w >= windowMs / maxPoints) ?? 864e5;
  const rawLimit = Math.max(30, Math.floor(maxPoints / 4));

  /** Starts over from the query API's answer for this series (`data` may be null: a series first seen live). */
  function reset(state, data) {
    state.bucketMs = data?.bucketMs > 0 ? data.bucketMs : defaultBucketMs;
    state.points = (data?.points ?? []).map(([t, v]) => [t, v]).sort((a, b) => a[0] - b[0]);
    state.raw = 0;
    if (state.points.length === 0 && data?.last) {
      state.points.push([data.last.time, data.last.value]);
      state.raw = 1;
    }
  }

  function append(state, time, value) {
    const points = state.points;
    const newest = points[points.length - 1];
    if (newest && time < newest[0]) {
      return; // older than what is drawn: already inside the history's buckets
    }
    if (newest && time === newest[0]) {
      newest[1] = value; // a rewrite of the same timestamp replaces it, as in the store
      return;
    }
    points.push([time, value]);
    state.raw += 1;
    if (state.raw > rawLimit) {
      fold(state);
    }
  }

  /** Replaces the live points of every complete bucket by one bucket value. */
  function fold(state) {
    const width = state.bucketMs;
    const points = state.points;
    const firstRaw = points.length - state.raw;
    const openBucket = Math.floor(points[points.length - 1][0] / width) * width;
    const kept = points.slice(0, firstRaw);
    let i = firstRaw;
    while (i < points.length && points[i][0] < openBucket) {
      const start = Math.floor(points[i][0] / width) * width;
      const values = [];
      while (i < points.length && points[i][0] < start + width) {
        values.push(points[i][1]);
        i += 1;
      }
      const previous = kept[kept.length - 1];
      if (previous && previous[0] >= start) {
        previous[1] = aggregate([previous[1], ...values]); // the history's last bucket was still filling
      } else {
        kept.push([start, aggregate(values)]);
      }
    }
    state.raw = points.length - i;
    state.points = kept.concat(points.slice(i));
  }

  /** Drops points older than `from` (server ms). */
  function trim(state, from) {
    const points = state.points;
    let cut = 0;
    while (cut < points.length && points[cut][0] < from) {
      cut += 1;
    }
    if (cut > 0) {
      points.splice(0, cut);
      state.raw = Math.min(state.raw, points.length);
    }
  }

  return { reset, append, trim };
}
