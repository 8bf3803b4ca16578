using BenchmarkDotNet.Running;
using Braintrust.Traced.OpenAI.Benchmarks;

// Run all with: dotnet run -c Release --project bench/Braintrust.Traced.OpenAI.Benchmarks -- --filter '*'
// Paired wrapped/unwrapped calls (steadier on a shared machine): ... -- --paired [rounds] [--control]
// One kind of call in a loop, for perf or dotnet-trace: ... -- --profile chat|stream [calls] [plain]
// The stream parse alone, timed per chunk (no network): ... -- --assembly [streams]
if (args is ["--paired", ..])
{
    await PairedOverheadRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000, control: args.Contains("--control"));
    return;
}

if (args is ["--profile", var kind, ..])
{
    // One kind of call in a loop, for a profiler attached to this process: chat|stream, wrapped unless "plain" follows.
    await ProfilingLoop.RunAsync(kind, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20000, wrapped: !args.Contains("plain"));
    return;
}

if (args is ["--assembly", ..])
{
    AssemblyTimingLoop.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
