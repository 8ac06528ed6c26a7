/**
 * Preloaded (`node --require`) into children profiled with --cpu-prof, which writes its profile only when the
 * process exits normally. Nest's shutdown hook closes the application on SIGTERM and then raises SIGTERM again to
 * die of it: with this listener still registered, that second signal ends the process with process.exit instead.
 * A process that does not handle the signal itself exits at once; one that hangs is ended after 8 s.
 */
let received = false;

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (received || process.listenerCount(signal) === 1) process.exit(0);
    received = true;
    setTimeout(() => process.exit(0), 8000).unref();
  });
}
