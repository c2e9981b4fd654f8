using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/DrinkPipeline.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
