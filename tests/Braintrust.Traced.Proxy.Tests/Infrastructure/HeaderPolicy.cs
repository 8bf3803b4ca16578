using System.ClientModel.Primitives;

namespace Braintrust.Traced.Proxy.Tests.Infrastructure;

/// <summary>Adds fixed headers (x-bt-parent, x-bt-provider-key, ...) to every request of an OpenAI client, as docs/proxy.md shows.</summary>
internal sealed class HeaderPolicy(params (string Name, string Value)[] headers) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Apply(PipelineMessage message)
    {
        foreach (var (name, value) in headers)
        {
            message.Request.Headers.Set(name, value);
        }
    }
}
