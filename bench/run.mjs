// The benchmark suite is built by its own issue; until then this says so instead of pretending.
console.error('aolite bench: no benchmarks are implemented yet.');
process.exit(1);
