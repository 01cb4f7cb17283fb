// A deliberately misbehaving MCP server for chio's bad-input tests (no dependencies).
// Tools: echo (answers), crash (exits mid-call), hang (never answers), fail (JSON-RPC error),
// secret (returns a credential-looking string), junk (writes a malformed line, then answers).
// With the argument "slow-list" ("slow-init") it answers tools/list (initialize) only after 300 ms;
// with "no-list" it never answers tools/list.
import readline from 'node:readline';

const slowList = process.argv.includes('slow-list');
const slowInit = process.argv.includes('slow-init');
const noList = process.argv.includes('no-list');
const tools = [
  { name: 'echo', description: 'echo', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
  { name: 'crash', description: 'exits', inputSchema: { type: 'object' } },
  { name: 'hang', description: 'never answers', inputSchema: { type: 'object' } },
  { name: 'fail', description: 'JSON-RPC error', inputSchema: { type: 'object' } },
  { name: 'secret', description: 'leaks', inputSchema: { type: 'object' } },
  { name: 'junk', description: 'malformed line first', inputSchema: { type: 'object' } },
  { name: 'write_file', description: 'pretends to write', inputSchema: { type: 'object' },
    annotations: { readOnlyHint: false, destructiveHint: true } },
];
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') {
    const answer = () => send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion,
      capabilities: { tools: {} }, serverInfo: { name: 'fake', version: '1' } } });
    if (slowInit) setTimeout(answer, 300); else answer();
  } else if (m.method === 'tools/list') {
    const answer = () => send({ jsonrpc: '2.0', id: m.id, result: { tools } });
    if (noList) return;
    if (slowList) setTimeout(answer, 300); else answer();
  } else if (m.method === 'tools/call') {
    const name = m.params.name;
    const text = (t) => send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: t }] } });
    if (name === 'echo' || name === 'write_file') text(JSON.stringify(m.params.arguments ?? {}));
    else if (name === 'crash') process.exit(3);
    else if (name === 'hang') { /* never answers */ }
    else if (name === 'fail') send({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: 'disk on fire' } });
    else if (name === 'secret') text('key=AKIAQ3EGRKLX7MZP4TWN mail=alice.smith@corp-mail.com done');
    else if (name === 'junk') { process.stdout.write('{not json\n'); text('after junk'); }
  } else if (m.method === 'ping') {
    send({ jsonrpc: '2.0', id: m.id, result: {} });
  } else if (m.id !== undefined && m.method !== undefined) {
    send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'method not found' } });
  }
});
rl.on('close', () => process.exit(0));
