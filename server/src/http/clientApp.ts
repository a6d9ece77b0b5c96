import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

/**
 * Serves the built client, with every other GET answered by index.html so that deep links such
 * as /d/declaration work on reload. Without a build it says how to make one.
 */
export function serveClient(clientDir: string | null): express.Router {
  const router = express.Router();
  const index = clientDir ? path.join(clientDir, 'index.html') : null;
  if (clientDir && index && fs.existsSync(index)) {
    router.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  }
  router.get(/.*/, (_req, res) => {
    if (index && fs.existsSync(index)) {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
      return;
    }
    res
      .status(503)
      .type('text/plain')
      .send(
        'The Accord client is not built. Run `npm run build` (or `npm start`, which builds it).',
      );
  });
  return router;
}
