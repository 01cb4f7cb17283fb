// Round-trip latency of tools/call over stdio: spawns COMMAND, initializes, sends WARMUP then
// CALLS sequential tools/call requests (one in flight at a time) and prints one JSON line with
// p50/p90/p99/max in microseconds. Usage: node mcp-latency.mjs CALLS WARMUP -- COMMAND [ARGS...]
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const sep = process.argv.indexOf('--');
const calls = Number(process.argv[2]);
const warmup = Number(process.argv[3]);
const [cmd, ...args] = process.argv.slice(sep + 1);
const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const waiting = new Map();
readline.createInterface({ input: child.stdout }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.id !== undefined && waiting.has(m.id)) {
    const resolve = waiting.get(m.id);
    waiting.delete(m.id);
    resolve(m);
  }
});
let nextId = 1;
const request = (method, params) => new Promise((resolve) => {
  const id = nextId++;
  waiting.set(id, resolve);
  child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
});

await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
await request('tools/list', {});
const samples = new Float64Array(calls);
let errors = 0;
for (let i = 0; i < warmup + calls; i++) {
  const t0 = process.hrtime.bigint();
  const r = await request('tools/call', { name: 'echo', arguments: { n: i, text: 'hello' } });
  const us = Number(process.hrtime.bigint() - t0) / 1000;
  if (r.error || r.result?.isError) errors++;
  if (i >= warmup) samples[i - warmup] = us;
}
child.stdin.end();
samples.sort();
const q = (p) => samples[Math.min(calls - 1, Math.floor(p * calls))];
process.stdout.write(JSON.stringify({ calls, p50_us: q(0.5), p90_us: q(0.9), p99_us: q(0.99), max_us: samples[calls - 1], errors }) + '\n');
