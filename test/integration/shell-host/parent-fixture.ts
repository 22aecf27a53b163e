// A parent process that hosts a forked engine and prints the child's pid; the test kills this
// process and checks that the child does not outlive it.
import { forkedTestHost } from './start-host';

void (async () => {
  const { host, children } = await forkedTestHost({ startMedia: true });
  await host.start();
  console.log(`child ${children[0].pid}`);
  setInterval(() => {}, 1 << 30);
})();
