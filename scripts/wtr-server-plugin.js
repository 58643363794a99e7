// web-test-runner plugin: the server command `cc-server`, so browser tests can start reference
// servers (server/, Hono on an in-memory PGlite, with the fault harness) on 127.0.0.1 and stop
// them again. Payloads: { action: 'start', lab?, token?, faults?, replayLimit?, heartbeatMs?,
// bodyLimitBytes?, schema?, postgres? } → { id, url, schema }; { action: 'stop', id };
// { action: 'env' } → { postgres } (whether DATABASE_URL is set).
// The server is TypeScript: tsx loads it into this process on the first command.
import { tsImport } from 'tsx/esm/api';

export function serverPlugin() {
  let servers;
  return {
    name: 'cc-server',
    async executeCommand({ command, payload }) {
      if (command !== 'cc-server') return undefined;
      servers ??= tsImport('../server/testing.ts', import.meta.url).then((module) => new module.TestServers());
      return (await servers).handle(payload ?? { action: 'env' });
    },
    async serverStop() {
      if (servers) await (await servers).closeAll();
    },
  };
}
