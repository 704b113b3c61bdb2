// Writes points to Ioc through an InfluxDB client library, as a user's program would, and prints one JSON line:
// {"ok":true,...} or {"ok":false,"statusCode":401,"message":"..."}.
// Usage: node write.mjs <settings.json>, settings as written by InfluxClientTests.cs.
import { readFileSync } from 'node:fs';
import { InfluxDB as InfluxDB2, Point } from '@influxdata/influxdb-client';
import Influx from 'influx';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { measurement, points } = settings;

async function officialV2() {
  const client = new InfluxDB2({ url: settings.url, token: settings.key });
  // A full batch is sent in the background: close() sends the rest but does not wait for those, and their failures
  // reach only writeFailed. So every line is accounted for, as written or failed, before the answer.
  const failures = [];
  const batches = [];
  let failedLines = 0;
  const writeApi = client.getWriteApi('ioc', 'ioc', 'ms', {
    batchSize: settings.batchSize,
    gzipThreshold: settings.gzipThreshold,
    flushInterval: 0,
    maxRetries: 0,
    writeFailed: (error, lines) => { failures.push(error); failedLines += lines.length; },
    writeSuccess: (lines) => { batches.push(lines.length); },
  });
  for (const p of points) {
    writeApi.writePoint(new Point(measurement)
      .tag('unit', p.unit)
      .tag('unit_name', p.unitName)
      .tag('level', p.level)
      .floatField('online_rate', p.rate)
      .intField('received', p.received)
      .timestamp(new Date(p.timeMs)));
  }
  await writeApi.close();
  const deadline = Date.now() + 60_000;
  while (batches.reduce((a, b) => a + b, 0) + failedLines < points.length && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  if (failures.length > 0) throw failures[0];
  return { batches };
}

async function nodeInflux() {
  const url = new URL(settings.url);
  const options = { host: url.hostname, port: Number(url.port), protocol: 'http', database: 'ioc' };
  if (settings.username !== undefined) options.username = settings.username;
  options.password = settings.key;
  const influx = new Influx.InfluxDB(options);
  const result = {};
  if (settings.createDatabase) {
    await influx.createDatabase('telegraf');
    result.databases = await influx.getDatabaseNames();
    const [host] = await influx.ping(5000);
    result.ping = { online: host.online, version: host.version };
  }
  await influx.writePoints(points.map(p => ({
    measurement,
    tags: { unit: p.unit, unit_name: p.unitName, level: p.level },
    fields: { online_rate: p.rate, received: p.received },
    timestamp: new Date(p.timeMs),
  })), { precision: 'ms' });
  return result;
}

try {
  const result = settings.client === 'official-v2' ? await officialV2() : await nodeInflux();
  console.log(JSON.stringify({ ok: true, ...result }));
} catch (error) {
  // The official client's HttpError has statusCode; node-influx's RequestError has res.statusCode.
  const statusCode = error.statusCode ?? error.res?.statusCode ?? null;
  console.log(JSON.stringify({ ok: false, statusCode, message: String(error.message ?? error) }));
}
