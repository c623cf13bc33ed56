// Tests run the real CLI process: build dist/ first so it is never stale.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  // Under "sudo npm test" the CLI would open images with the invoking user's rights (SUDO_UID),
  // and the tests' private 0700 temp folders are root's: tests that want a real user set it themselves.
  delete process.env.SUDO_UID;
  delete process.env.SUDO_GID;
  delete process.env.SUDO_USER;
  delete process.env.PKEXEC_UID;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
