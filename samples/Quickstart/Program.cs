// The quickstart: a few [Traced] methods and a traced OpenAI call, logged to your Braintrust.Traced server.
//
//   export BRAINTRUST_APP_URL=http://localhost:5000
//   export BRAINTRUST_API_KEY=<the key the server printed>
//   dotnet run --project samples/Quickstart ["your question"]
//
// With OPENAI_API_KEY set, the model call goes through the server's AI proxy (BRAINTRUST_APP_URL/v1/proxy);
// without it, a fake model inside this process answers, so the sample runs with no provider key and no network.
using Braintrust.Traced;
using Quickstart;

var apiKey = Environment.GetEnvironmentVariable("BRAINTRUST_API_KEY");
if (string.IsNullOrWhiteSpace(apiKey))
{
    Console.Error.WriteLine("BRAINTRUST_API_KEY is not set. Start the server (dotnet run --project src/Braintrust.Traced.Server),");
    Console.Error.WriteLine("then export the API key it printed (also in src/Braintrust.Traced.Server/data/initial-api-key.txt) as BRAINTRUST_API_KEY.");
    return 2;
}

var appUrl = (Environment.GetEnvironmentVariable("BRAINTRUST_APP_URL") is { Length: > 0 } url ? url : "http://localhost:5000").TrimEnd('/');
var question = args.Length > 0 ? string.Join(' ', args) : "Where is my order A-1001? It was supposed to arrive yesterday.";
const string project = "quickstart";

// AppUrl is given so the sample defaults to a local server rather than braintrust.dev; the key comes from the environment.
await using var logger = BraintrustLogger.Init(project, new BraintrustOptions { AppUrl = appUrl });
var model = ModelClientFactory.Create(appUrl, apiKey, Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
var assistant = new SupportAssistant(model.Client);

string rootSpanId;
string answer;
using (var request = logger.StartSpan("support_request"))      // the root of the trace; everything below nests under it
{
    answer = await assistant.AnswerAsync(question);
    request.Log(input: new { question }, output: answer, metadata: new Dictionary<string, object?> { ["model"] = model.Description });
    rootSpanId = request.RootSpanId;
}

// Spans ship in the background; flushing here makes the "where to look" line below true the moment it is printed.
await logger.FlushAsync();
if (logger.FailedRowCount > 0)
{
    Console.Error.WriteLine($"{logger.FailedRowCount} span rows were rejected by {appUrl}: check BRAINTRUST_API_KEY and that the server runs.");
    return 1;
}

Console.WriteLine($"Answer: {answer}");
Console.WriteLine();
Console.WriteLine($"Logged to {appUrl}, project \"{project}\" (model: {model.Description}).");
Console.WriteLine($"Open {appUrl} and pick the project, or read it from the query API:");
Console.WriteLine($"  curl -H \"Authorization: Bearer $BRAINTRUST_API_KEY\" {appUrl}/api/v1/projects");
Console.WriteLine($"root_span_id: {rootSpanId}");
return 0;
