using Braintrust.Traced;
using Braintrust.Traced.AspNetCore;

namespace DistributedTrace;

/// <summary>The calling process: its span is the root of the trace.</summary>
public static class ClientApp
{
    public const string DefaultText = "Tracing spans across processes keeps one request's story in one place.";

    public static async Task<int> RunAsync(Uri workerUrl, string text)
    {
        var options = new BraintrustOptions();
        SampleSettings.Configure(options);
        await using var logger = BraintrustLogger.Init(SampleSettings.ProjectName, options);
        if (!logger.IsEnabled)
        {
            Console.Error.WriteLine("BRAINTRUST_API_KEY is not set: nothing would be traced.");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = workerUrl };
        string rootSpanId;
        using (var span = logger.StartSpan("client_request"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/summarize") { Content = JsonContent.Create(new SummarizeRequest(text)) };
            // Export() is a string: anything that carries a string (a header, a queue message) can carry the trace.
            request.Headers.Add(BraintrustHeaders.Parent, span.Export());
            using var response = await http.SendAsync(request);
            var summary = await response.Content.ReadAsStringAsync();
            span.Log(input: new { text }, output: summary,
                     metadata: new Dictionary<string, object?> { ["worker_status"] = (int)response.StatusCode });
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"The worker answered {(int)response.StatusCode}: {summary}");
                return 1;
            }

            Console.WriteLine($"Summary: {summary}");
            rootSpanId = span.RootSpanId;
        }

        await logger.FlushAsync();
        Console.WriteLine($"Logged to project \"{SampleSettings.ProjectName}\"; the worker's spans are in the same trace.");
        Console.WriteLine($"root_span_id: {rootSpanId}");
        return 0;
    }
}
