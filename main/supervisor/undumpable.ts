// Linux: while a writer session is alive, main is not "dumpable" (prctl PR_SET_DUMPABLE 0, as
// ssh-agent does). Then /proc/<main>/fd, ptrace and pidfd_getfd are root's only, so another process
// of the same user cannot take main's end of the writer's stdin and send it the first job.
// Held per session and counted; the state found before the first hold is restored after the last,
// so a process that was already undumpable for another reason stays so.

import { isDumpable, setDumpable } from '../../native/index.js';

let holders = 0;
let restoreTo = true;

/** Makes this process undumpable until the returned release is called (once). A no-op off Linux. */
export function holdUndumpable(platform: NodeJS.Platform = process.platform): () => void {
  if (platform !== 'linux') return () => undefined;
  if (holders === 0) {
    // Fail closed: if the state cannot be read or changed, no writer is started.
    restoreTo = isDumpable();
    if (restoreTo) setDumpable(false);
  }
  holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0 && restoreTo) setDumpable(true);
  };
}
