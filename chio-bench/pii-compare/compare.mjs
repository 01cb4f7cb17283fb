// Baselines for chio-bench/scripts/pii-compare.sh: runs redact-pii and @openredaction/openredaction on
// the same labelled corpus with the same measure as PiiCompareRunner (a label is recalled when its value
// no longer appears in the redacted text; detections beyond the recalled labels are false positives).
// Prints one JSON line per tool.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { SyncRedactor } = require('redact-pii');
const { OpenRedaction } = require('@openredaction/openredaction');

const corpusPath = process.argv[2];
const corpus = readFileSync(corpusPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const COMMON = new Set(['email', 'phone', 'credit_card', 'ssn', 'ipv4', 'street_address']);
const bytes = corpus.reduce((n, s) => n + Buffer.byteLength(s.text, 'utf8'), 0);
const TOKEN = '\u27e6R\u27e7';

const redactPii = new SyncRedactor({ globalReplaceWith: TOKEN });
const openRedaction = new OpenRedaction();

const tools = [
  { name: 'redact-pii 3.4.0 (defaults)', run: (t) => { const out = redactPii.redact(t); return { out, n: out.split(TOKEN).length - 1 }; } },
  { name: '@openredaction/openredaction 1.0.4 (defaults)', run: (t) => { const r = openRedaction.detect(t); return { out: r.redacted, n: r.detections.length }; } },
];

function pass(tool) {
  let n = 0;
  for (const s of corpus) n += tool.run(s.text).out.length;
  return n;
}

for (const tool of tools) {
  const warmUntil = Date.now() + 10_000; // same time-based warm-up as the JVM side
  while (Date.now() < warmUntil) pass(tool);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    pass(tool);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  const seconds = times[2];
  let labels = 0, recalled = 0, commonLabels = 0, commonRecalled = 0, detections = 0, fp = 0;
  for (const s of corpus) {
    const { out, n } = tool.run(s.text);
    let hit = 0;
    for (const l of s.labels) {
      const gone = !out.includes(s.text.slice(l.start, l.end));
      labels++;
      if (gone) hit++;
      if (COMMON.has(l.type)) { commonLabels++; if (gone) commonRecalled++; }
    }
    recalled += hit;
    detections += n;
    fp += Math.max(0, n - hit);
  }
  console.log(JSON.stringify({
    tool: tool.name, sentences: corpus.length, mb_per_s: +(bytes / 1e6 / seconds).toFixed(2),
    us_per_sentence: +(seconds * 1e6 / corpus.length).toFixed(2), recall_all: +(recalled / labels).toFixed(3),
    recall_common: +(commonRecalled / commonLabels).toFixed(3), precision: +(detections === 0 ? 1 : (detections - fp) / detections).toFixed(3), detections,
  }));
}
