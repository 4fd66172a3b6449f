/**
 * Waits until the process has been idle for a moment (under 5% of a CPU over one step), within a
 * second. The cold first-check programs call it between parsing and the timed check, because
 * parsing made V8 queue its hot functions for compilation on a background thread, which would
 * otherwise run during the check and count in its time; and after the check, to measure what the
 * process still spends then.
 */
export async function settle(stepMs: number): Promise<void> {
  for (let waitedMs = 0, last = process.cpuUsage(); waitedMs < 1000; waitedMs += stepMs) {
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    if (used.user + used.system < stepMs * 50) break;
  }
}
