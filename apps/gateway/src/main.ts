import { EnvironmentError, createGateway, readGatewayConfig } from '@revcycle/runtime';

/** The portal's web server and the API's one origin in a distributed deployment (libs/runtime gateway). */
function main(): void {
  let server;
  let config;
  try {
    config = readGatewayConfig();
    server = createGateway(config);
  } catch (err) {
    if (!(err instanceof EnvironmentError) && !(err instanceof Error)) throw err;
    process.stderr.write(`revcycle gateway: ${err.message}\n`);
    process.exit(1);
  }
  const { port, host } = config;
  server.listen(port, host, () => {
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(`revcycle gateway: listening on http://${host}:${bound}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
