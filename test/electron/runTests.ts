// Opt-in tier: the same scenarios as test/e2e, inside a desktop VS Code's extension
// host (mocha, @vscode/test-electron). It needs a local VS Code: set
// VSCODE_EXECUTABLE to its binary. Without it the tier says it was skipped and why,
// because @vscode/test-electron would otherwise download VS Code, which the
// machines this project runs on cannot do.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const executable = process.env.VSCODE_EXECUTABLE;
  if (!executable) {
    console.log('electron tests skipped: VSCODE_EXECUTABLE is not set (point it at a local VS Code binary to run them; nothing is downloaded).');
    return;
  }
  const root = path.resolve(__dirname, '..', '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-electron-'));
  fs.cpSync(path.join(root, 'examples', 'churn'), workspace, { recursive: true });
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'suite.js'),
    launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { NB2PROD_E2E_WORKSPACE: workspace },
  });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
