// Language server entry point (bundled to dist/server.js).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { NbServer } from './lsp/nbServer';

const connection = createConnection(ProposedFeatures.all);

// A bug in one handler must not take the server down with every open notebook.
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

new NbServer(connection).listen();
