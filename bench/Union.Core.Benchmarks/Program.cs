// Entry point: BenchmarkDotNet's switcher, so one class or one method can be run by --filter (see bench/README.md).
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Union.Core.Benchmarks.BenchLayers).Assembly).Run(args);
