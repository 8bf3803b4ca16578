using System.Globalization;
using Braintrust.Traced;
using Braintrust.Traced.Runtime;

// Usage: Braintrust.Traced.Tests.ExitApp <call count>
// Configured only from BRAINTRUST_* environment variables, exactly as an app with [Traced] methods and no Init would be.
var count = int.Parse(args[0], CultureInfo.InvariantCulture);
var step = new TracedMethod("exit_app_step", SpanType.Function, "Program.Step", "Program.cs", 12, ["index"], []);

// The first read configures the logger from the environment, as the first [Traced] call in an app does.
if (!TracedCalls.IsEnabled)
{
    Console.WriteLine("tracing disabled");
    return 0;
}

using (BraintrustLogger.Current!.StartSpan("exit_app_root"))
{
    for (var i = 0; i < count; i++)
    {
        using var scope = TracedCalls.Begin(step);
        scope.SetInput([i]);
        scope.SetOutput(i * 2);
    }
}

Console.WriteLine($"tracing enabled for project {BraintrustLogger.Current.ProjectName}");

// No Flush and no Dispose: the process-exit hook must deliver every row.
return 0;
