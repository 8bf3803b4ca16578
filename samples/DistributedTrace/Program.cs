// One trace across two processes. The client starts a span, exports it, and sends the export in the x-bt-parent
// header; the worker's request span continues that trace, so both processes' spans form one tree.
//
//   export BRAINTRUST_APP_URL=http://localhost:5000 BRAINTRUST_API_KEY=<key>
//   dotnet run --project samples/DistributedTrace -- worker --urls http://localhost:5100
//   dotnet run --project samples/DistributedTrace -- client http://localhost:5100 "text to summarize"
using DistributedTrace;

return args switch
{
    ["worker", .. var rest] => await WorkerApp.RunAsync(rest),
    ["client", var workerUrl, .. var text] => await ClientApp.RunAsync(new Uri(workerUrl), text.Length > 0 ? string.Join(' ', text) : ClientApp.DefaultText),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DistributedTrace worker [--urls <url>]");
    Console.Error.WriteLine("       DistributedTrace client <worker url> [text]");
    return 2;
}
