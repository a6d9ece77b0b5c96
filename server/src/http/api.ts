import express, { type NextFunction, type Request, type Response } from 'express';
import type { DocumentStore } from '../storage/DocumentStore.js';

/** An error the API reports to the client as JSON with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON API under /api. Every error is JSON: `{ "error": "<what was wrong>" }`. */
export function createApi(store: DocumentStore): express.Router {
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));

  api.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  api.get('/documents', async (_req, res) => {
    res.json(await store.listDocuments());
  });

  api.get('/documents/:id', async (req, res) => {
    const doc = await store.getDocument(req.params.id);
    if (!doc) throw new ApiError(404, `no document "${req.params.id}"`);
    res.json(doc);
  });

  api.use((req) => {
    throw new ApiError(404, `no API route ${req.method} ${req.originalUrl}`);
  });

  api.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiError) {
      res.status(err.status).json({ error: err.message });
      return;
    }
    // body-parser errors carry a status (400 for bad JSON, 413 for too large).
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: (err as Error).message });
      return;
    }
    res.status(500).json({ error: 'internal error' });
  });
  return api;
}
