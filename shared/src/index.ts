export * from './schema.js';
export * from './blockId.js';
export * from './link.js';
export * from './numbering.js';
export * from './ensureBlockIds.js';
export * from './yjsDocument.js';
export * from './protocol.js';
export * from './document.js';
