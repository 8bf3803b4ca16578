using System.ClientModel.Primitives;

namespace Quickstart;

/// <summary>Adds one header to every request of an OpenAI client pipeline.</summary>
internal sealed class HeaderPolicy(string name, string value) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Set(name, value);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Set(name, value);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }
}
