// Canonical series keys (docs/live-hub.md): `measurement,tag1=v1,tag2=v2`, with `,`, `=` and space escaped by a
// backslash. Compact live points carry only the key; the measurement and tags are read back from it.

const parsed = new Map();

/**
 * @param {string} key  a canonical series key
 * @returns {{ measurement: string, tags: Record<string, string> }}  the same object for the same key
 */
export function parseSeriesKey(key) {
  let series = parsed.get(key);
  if (!series) {
    const [measurement, ...pairs] = splitUnescaped(key, ',');
    const tags = {};
    for (const pair of pairs) {
      const [name, ...value] = splitUnescaped(pair, '=');
      tags[unescape(name)] = unescape(value.join('='));
    }
    series = { measurement: unescape(measurement), tags };
    // A wall sees a bounded set of series; the bound only guards against a server that numbers unbounded ones.
    if (parsed.size >= 10000) {
      parsed.clear();
    }
    parsed.set(key, series);
  }
  return series;
}

function splitUnescaped(text, separator) {
  const parts = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unescape(text) {
  return text.replace(/\\(.)/g, '$1');
}
