import { defineConfig } from 'vitest/config';

// Three projects so a developer can run the fast unit tests alone (`npm run test:unit`);
// `npm test` runs all of them.
export default defineConfig({
  test: {
    // Vitest would use one worker on two cores; most of these tests wait on sockets, fsync and
    // the browser, so two workers finish the suite in far less time.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // Pure tests share no state: importing the modules once per worker, not per file,
          // saves most of their time.
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Each file starts its own servers on port 0 and stops them; there are no module
          // singletons (a rule of the code), so the modules are imported once per worker.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          isolate: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // Browser files run two at a time like the rest: most of a browser test waits on
          // sockets and the server.
          fileParallelism: true,
        },
      },
    ],
  },
});
