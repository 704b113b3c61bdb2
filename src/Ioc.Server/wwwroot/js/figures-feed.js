// The figures of a panel that reads them itself (comparison, breakdown): fetched on the panel's paints, at most once
// per REFRESH_MS, and again after a failure; the newest point behind them tells freshness.js how current they are.

const REFRESH_MS = 60_000;

export function createFiguresFeed(env, definition, kind) {
  let figures = null;
  let fetchedAt = -Infinity;
  let pending = null;

  return {
    /** The figures, refreshed when older than REFRESH_MS; the last good ones when a refresh fails. */
    async get() {
      if (Date.now() - fetchedAt < REFRESH_MS && figures) {
        return figures;
      }
      pending ??= env.api.figures(env.dashboard.id, definition.id, kind)
        .then((body) => {
          figures = body;
          fetchedAt = Date.now();
          return body;
        })
        .catch((error) => {
          console.warn(`panel ${definition.id}: figures failed`, error);
          return figures;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },

    /** For freshness.js: the newest point time, or a placeholder before anything was read. */
    seriesTimes(newest) {
      return [{ id: `figures:${definition.id}`, time: newest ?? null, measurement: '' }];
    },
  };
}

/** A measure with one more tag on each of its series (a breakdown's bar: the measure for one sector). */
export function measureWithTag(measure, key, value) {
  const tagged = (part) => (part ? { ...part, tags: { ...(part.tags ?? {}), [key]: value } } : part);
  return { ...measure, series: tagged(measure.series), numerator: tagged(measure.numerator), denominator: tagged(measure.denominator) };
}
