export * from './AccordServer.js';
export * from './config.js';
export * from './logger.js';
export * from './seed.js';
export * from './collab/access.js';
export * from './storage/DocumentStore.js';
export * from './storage/SqliteStore.js';
