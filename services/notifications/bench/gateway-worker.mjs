// A local SMS webhook gateway on its own thread (so it does not share the service's event loop):
// accepts every POST, counts them, and reports the count to the parent on request.
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';

let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received += 1;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
    res.end('{}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'count') parentPort.postMessage({ received });
  if (m === 'close') server.close(() => process.exit(0));
});
