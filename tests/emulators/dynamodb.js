'use strict';
// dynalite 4.0.0 on 127.0.0.1 (in memory, tables ACTIVE at once), for tests/Etl.Aws.Tests. Usage: node dynamodb.js PORT
// (0 = any free one). Prints {"port": N} on one line once listening. Fault injection for retry tests, as in s3.js:
// POST /__faults?count=N&status=S makes the next N requests answer S (default 500 InternalServerError).
const dynalite = require('dynalite');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const [handler] = server.listeners('request');
server.removeAllListeners('request');

let faults = { count: 0, status: 500 };
let requests = 0;
server.on('request', (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/__faults' && req.method === 'POST') {
    faults = { count: Number(url.searchParams.get('count') || 1), status: Number(url.searchParams.get('status') || 500) };
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/__requests') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ requests }));
    return;
  }
  requests++;
  if (faults.count > 0) {
    faults.count--;
    req.resume();
    res.writeHead(faults.status, { 'Content-Type': 'application/x-amz-json-1.0' })
      .end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Injected fault' }));
    return;
  }
  handler(req, res);
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
