import { AccordServer } from './AccordServer.js';
import { ConfigError, configFromEnv } from './config.js';
import { consoleLogger } from './logger.js';

/** Starts one server from the environment and stops it cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const server = await AccordServer.start({ ...config, logger: consoleLogger });
  consoleLogger.info(`Open ${server.url.replace('127.0.0.1', 'localhost')} in a browser`);
  // Tests that kill the server read this line to learn the port.
  if (process.env.ACCORD_PRINT_PORT) process.stdout.write(`ACCORD_PORT=${server.port}\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
