using BenchmarkDotNet.Running;
using Braintrust.Traced.OpenAI.Benchmarks;

// Run all with: dotnet run -c Release --project bench/Braintrust.Traced.OpenAI.Benchmarks -- --filter '*'
// Paired wrapped/unwrapped calls (steadier on a shared machine): ... -- --paired [rounds]
if (args is ["--paired", ..])
{
    await PairedOverheadRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
