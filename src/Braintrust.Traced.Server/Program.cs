using Braintrust.Traced.Server.Cli;
using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Proxy;

if (args.Length > 0 && args[0] == "keys")
{
    return await KeysCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var app = await ServerApp.CreateAsync(args);
await app.MapAiProxyAsync();
await app.RunAsync();
return 0;
