// A real MCP client (the official TypeScript SDK) for chio's tests. Usage:
//   node mcp-client.mjs PLAN.json
// PLAN: {"transport": {"command": "...", "args": [...], "cwd": "..."} | {"url": "http://..."},
//        "steps": [{"op": "listTools"} | {"op": "call", "name": ..., "arguments": {...}, "progress": true}
//                  | {"op": "listResources"} | {"op": "readResource", "uri": ...} | {"op": "ping"}
//                  | {"op": "sleep", "ms": 100}]}
// Prints one JSON report on stdout: each step's result or error, plus every notification and
// server-to-client request the client saw.
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const report = { steps: [], logs: [], serverRequests: [], progress: [] };

const client = new Client({ name: 'chio-test-client', version: '1.0.0' },
  { capabilities: { sampling: {}, roots: { listChanged: true }, elicitation: {} } });
client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { report.logs.push(n.params); });
client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
  report.serverRequests.push({ method: req.method, params: req.params });
  return { role: 'assistant', model: 'test-model', content: { type: 'text', text: 'sampled by the test client' } };
});
client.setRequestHandler(ListRootsRequestSchema, async (req) => {
  report.serverRequests.push({ method: req.method });
  return { roots: (plan.roots ?? []).map((uri) => ({ uri, name: uri })) };
});
client.setRequestHandler(ElicitRequestSchema, async (req) => {
  report.serverRequests.push({ method: req.method, params: req.params });
  return { action: 'decline' };
});

const t = plan.transport;
const transport = t.url
  ? new StreamableHTTPClientTransport(new URL(t.url))
  : new StdioClientTransport({ command: t.command, args: t.args, cwd: t.cwd, stderr: 'inherit',
      env: { ...process.env, ...(t.env ?? {}) } });

try {
  await client.connect(transport);
  report.serverInfo = client.getServerVersion();
  report.serverCapabilities = client.getServerCapabilities();
  for (const step of plan.steps) {
    try {
      let result;
      if (step.op === 'listTools') result = await client.listTools();
      else if (step.op === 'call') {
        const opts = { timeout: step.timeout ?? 60000 };
        if (step.progress) opts.onprogress = (p) => report.progress.push(p);
        result = await client.callTool({ name: step.name, arguments: step.arguments ?? {} }, undefined, opts);
      } else if (step.op === 'listResources') result = await client.listResources();
      else if (step.op === 'readResource') result = await client.readResource({ uri: step.uri });
      else if (step.op === 'ping') result = await client.ping();
      else if (step.op === 'sleep') result = await new Promise((r) => setTimeout(() => r({}), step.ms));
      else throw new Error('unknown op ' + step.op);
      report.steps.push({ op: step.op, name: step.name, result });
    } catch (e) {
      report.steps.push({ op: step.op, name: step.name, error: { message: String(e.message ?? e), code: e.code } });
    }
  }
} catch (e) {
  report.fatal = String(e.stack ?? e);
} finally {
  try { await client.close(); } catch (e) { /* already closed */ }
}
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(0);
