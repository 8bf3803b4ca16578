using Braintrust.Traced.AspNetCore;

namespace DistributedTrace;

/// <summary>The called process: an HTTP service whose request spans continue the caller's trace from x-bt-parent.</summary>
public static class WorkerApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddBraintrustTraced(SampleSettings.ProjectName, SampleSettings.Configure);
        builder.Services.AddSingleton<Summarizer>();

        var app = builder.Build();
        app.UseBraintrustRequestSpans();   // reads x-bt-parent: the request span becomes a child of the client's span
        app.MapPost("/summarize", async (SummarizeRequest request, Summarizer summarizer) =>
                string.IsNullOrWhiteSpace(request.Text)
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = ["text is required."] })
                    : Results.Text(await summarizer.SummarizeAsync(request.Text)))
            .WithBraintrustSpan("worker_request");
        await app.RunAsync();
        return 0;
    }
}
