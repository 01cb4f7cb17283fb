// The smallest MCP server: initialize, tools/list with one tool (echo), tools/call answered at
// once. No dependencies, so the benchmark measures the relay, not a framework.
import readline from 'node:readline';

const tools = [{ name: 'echo', description: 'returns its arguments', inputSchema: { type: 'object' },
  annotations: { readOnlyHint: true } }];
const out = (m) => process.stdout.write(JSON.stringify(m) + '\n');
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.id === undefined) return;
  if (m.method === 'initialize') {
    out({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} },
      serverInfo: { name: 'trivial', version: '1' } } });
  } else if (m.method === 'tools/list') {
    out({ jsonrpc: '2.0', id: m.id, result: { tools } });
  } else if (m.method === 'tools/call') {
    out({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: JSON.stringify(m.params.arguments) }] } });
  } else {
    out({ jsonrpc: '2.0', id: m.id, result: {} });
  }
}).on('close', () => process.exit(0));
