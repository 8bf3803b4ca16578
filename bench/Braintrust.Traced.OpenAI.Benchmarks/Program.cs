using BenchmarkDotNet.Running;

// Run all with: dotnet run -c Release --project bench/Braintrust.Traced.OpenAI.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
