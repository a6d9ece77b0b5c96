/**
 * The update-log writer thread. fsync can take hundreds of milliseconds on a busy disk; done
 * here, it no longer stops the event loop, so other documents, presence and sign-ins go on
 * while a batch is made durable. Requests are handled strictly in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './sqliteDatabase.js';
import { updateLogWriter, type WriteRequest, type WriteResult } from './sqliteWrites.js';

const port = parentPort;
if (!port) throw new Error('sqliteWriter.worker must run as a worker thread');
const db = openDatabase((workerData as { file: string }).file);
const write = updateLogWriter(db);

port.on('message', (request: WriteRequest | { kind: 'close' }) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let result: WriteResult;
  try {
    result = { id: request.id, ok: true, seqs: write(request) };
  } catch (err) {
    result = { id: request.id, ok: false, error: String(err) };
  }
  port.postMessage(result);
});
