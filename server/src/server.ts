// Language server entry point (bundled to dist/server.js).
import { createConnection, ProposedFeatures, type Message, type RequestMessage, type ResponseMessage } from 'vscode-languageserver/node';
import { NbServer } from './lsp/nbServer';

const connection = createConnection(ProposedFeatures.all, {
  // A code-action request cancelled while still queued gets an empty answer without running.
  cancelUndispatched: (message: Message): ResponseMessage | undefined => {
    const request = message as RequestMessage;
    return request.method === 'textDocument/codeAction' ? { jsonrpc: '2.0', id: request.id ?? null, result: null } : undefined;
  },
});

// A bug in one handler must not take the server down with every open notebook.
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

new NbServer(connection).listen();
