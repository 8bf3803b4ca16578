using System.Text.Json.Serialization;
using Braintrust.Traced;
using NativeAotSample;

// With BRAINTRUST_API_KEY set, spans go to the server named by BRAINTRUST_APP_URL; without it they are kept in memory
// and printed, so the sample shows its spans on any machine.
var apiKey = Environment.GetEnvironmentVariable("BRAINTRUST_API_KEY");
var exporter = string.IsNullOrEmpty(apiKey) ? new InMemorySpanExporter() : null;
using var logger = BraintrustLogger.Init("native-aot-sample", new BraintrustOptions
{
    Exporter = exporter,
    // Native AOT has no reflection-based JSON: the program's own types come from its source-generated context.
    JsonTypeInfoResolver = SampleJsonContext.Default,
});

var assistant = new Assistant();
var answer = await assistant.AnswerAsync(new Question("What is 6 x 7?", Language: "en"));
Console.WriteLine($"answer: {answer.Text}");
logger.Flush();

if (exporter is not null)
{
    foreach (var span in exporter.MergedSpans())
    {
        Console.WriteLine($"span {span["span_attributes"]?["name"]} input={span["input"]?.ToJsonString()} output={span["output"]?.ToJsonString()}");
    }
}

namespace NativeAotSample
{
    public sealed record Question(string Text, string Language);

    public sealed record Answer(string Text, int Tokens);

    public partial class Assistant
    {
        [Traced("answer_question", Type = SpanType.Task)]
        public partial Task<Answer> AnswerAsync(Question question);

        [Traced(Type = SpanType.Tool)]
        public partial int Multiply(int left, int right);

        private async Task<Answer> AnswerAsyncCore(Question question)
        {
            await Task.Yield();
            return new Answer($"{Multiply(6, 7)}", Tokens: 3);
        }

        private int MultiplyCore(int left, int right) => left * right;
    }

    [JsonSerializable(typeof(Question))]
    [JsonSerializable(typeof(Answer))]
    internal sealed partial class SampleJsonContext : JsonSerializerContext;
}
