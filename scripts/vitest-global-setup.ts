// Tests run the real CLI process: build dist/ first so it is never stale.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  // Under "sudo npm test" the CLI would open images with the invoking user's rights (SUDO_UID),
  // and the tests' private 0700 temp folders are root's: tests that want a real user set it themselves.
  for (const name of ['SUDO_UID', 'SUDO_GID', 'SUDO_USER', 'PKEXEC_UID']) delete process.env[name];
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
