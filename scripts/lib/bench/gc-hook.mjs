// Preloaded into every server the benchmark measures (`node --expose-gc --import <this>`): SIGUSR2
// runs a full garbage collection, so memory is sampled after one in every process at the same
// moment, not at whatever point each heap happened to be in its cycle. Cluster workers (Hive
// Gateway's --fork) inherit the flags, so they install it too.
process.on('SIGUSR2', () => globalThis.gc?.());
