using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.CodeFixes;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>
/// What a [Traced] method records from its parameters: BTT006 (not loggable), BTT007 (secret), BTT013 (conflicting
/// attributes), BTT014 (metadata keys), and BTT011 (tracing attributes where nothing is traced).
/// </summary>
public sealed class ParameterTests
{
    private static Task AnalyzeAsync(string source, params DiagnosticResult[] expected) =>
        Verify<TracedParameterAnalyzer>.AnalyzerAsync(source, expected);

    private static DiagnosticResult Diagnostic(string id) => Verify<TracedParameterAnalyzer>.Diagnostic(id);

    private static Task AddAttributeAsync(string source, string fixedSource, int codeActionIndex = 0) =>
        Verify<TracedParameterAnalyzer>.CodeFixAsync<AddParameterAttributeCodeFixProvider>(source, fixedSource, codeActionIndex);

    private static Task RemoveStrayAttributeAsync(string source, string fixedSource) =>
        Verify<StrayParameterAttributeAnalyzer>.CodeFixAsync<RemoveParameterAttributeCodeFixProvider>(source, fixedSource);

    private static Task RemoveConflictingAttributeAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
        Verify<TracedParameterAnalyzer>.CodeFixAsync<RemoveParameterAttributeCodeFixProvider>(source, fixedSource, expected: expected);

    [Test]
    public async Task StreamDelegateServiceProviderAndHttpContextAreNotLoggable()
    {
        await AnalyzeAsync(
            """
            using System;
            using System.IO;
            using Braintrust.Traced;
            using Microsoft.AspNetCore.Http;

            public partial class Uploader
            {
                [Traced]
                public partial int Upload(MemoryStream {|#0:content|}, Func<int, bool> {|#1:filter|}, IServiceProvider {|#2:services|}, HttpContext {|#3:context|});

                private int UploadCore(MemoryStream content, Func<int, bool> filter, IServiceProvider services, HttpContext context) => 0;
            }
            """,
            Diagnostic("BTT006").WithLocation(0).WithArguments("content", "System.IO.MemoryStream", "reading its content for the span would consume it"),
            Diagnostic("BTT006").WithLocation(1).WithArguments("filter", "System.Func<int, bool>", "it is behavior, not data, so the span would show nothing useful"),
            Diagnostic("BTT006").WithLocation(2).WithArguments("services", "System.IServiceProvider", "a service container has no data worth recording and serializing it walks every registered service"),
            Diagnostic("BTT006").WithLocation(3).WithArguments("context", "Microsoft.AspNetCore.Http.HttpContext", "it drags the whole request, its connection and services into the span"));
    }

    [Test]
    public async Task LoggersConfigurationAndAsyncStreamsAreNotLoggable()
    {
        await AnalyzeAsync(
            """
            using System.Collections.Generic;
            using Braintrust.Traced;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Logging;

            public partial class Summarizer
            {
                [Traced]
                public partial int Summarize(IAsyncEnumerable<string> {|#0:chunks|}, ILogger<Summarizer> {|#1:logger|}, IConfiguration {|#2:configuration|});

                private int SummarizeCore(IAsyncEnumerable<string> chunks, ILogger<Summarizer> logger, IConfiguration configuration) => 0;
            }
            """,
            Diagnostic("BTT006").WithLocation(0).WithArguments("chunks", "System.Collections.Generic.IAsyncEnumerable<string>", "reading its content for the span would consume it"),
            Diagnostic("BTT006").WithLocation(1).WithArguments("logger", "Microsoft.Extensions.Logging.ILogger<Summarizer>", "it is behavior, not data, so the span would show nothing useful"),
            Diagnostic("BTT006").WithLocation(2).WithArguments("configuration", "Microsoft.Extensions.Configuration.IConfiguration", "configuration is large and often holds secrets"));
    }

    [Test]
    public async Task RefStructAndPointerParametersAreNotLoggable()
    {
        var test = new TracedAnalyzerTest<TracedParameterAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>
        {
            TestCode = """
                using System;
                using Braintrust.Traced;

                public unsafe partial class Parser
                {
                    [Traced]
                    public partial int Count(ReadOnlySpan<char> {|#0:text|}, byte* {|#1:buffer|}, [NotTraced] Span<byte> scratch);

                    private int CountCore(ReadOnlySpan<char> text, byte* buffer, Span<byte> scratch) => text.Length;
                }
                """,
        };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectCompilationOptions(
            projectId,
            ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!).WithAllowUnsafe(true)));
        test.ExpectedDiagnostics.Add(Diagnostic("BTT006").WithLocation(0).WithArguments("text", "System.ReadOnlySpan<char>", "it is a ref struct (like Span<T>), which cannot be boxed, so the span would record nothing for it"));
        test.ExpectedDiagnostics.Add(Diagnostic("BTT006").WithLocation(1).WithArguments("buffer", "byte*", "it is a pointer, so the span would record nothing for it"));
        await test.RunAsync();
    }

    [Test]
    public async Task ParametersThatAreNeverRecordedAreFine()
    {
        await AnalyzeAsync(
            """
            using System.IO;
            using System.Threading;
            using Braintrust.Traced;

            public record Order(int Id, string Customer);

            public partial class Uploader
            {
                [Traced]
                public partial int Upload([NotTraced] Stream content, [Redact] Stream other, Order order, int[] sizes, CancellationToken cancellationToken);

                private int UploadCore(Stream content, Stream other, Order order, int[] sizes, CancellationToken cancellationToken) => 0;

                [Traced(CaptureInput = false)]
                public partial int Copy(Stream content, string password);

                private int CopyCore(Stream content, string password) => 0;

                [Traced]
                public partial bool TryOpen(string path, out Stream stream);

                private bool TryOpenCore(string path, out Stream stream)
                {
                    stream = Stream.Null;
                    return true;
                }
            }
            """);
    }

    [Test]
    public async Task NotTracedFixKeepsOnePerLineLayout()
    {
        await AddAttributeAsync(
            """
            using System.IO;
            using Braintrust.Traced;

            public partial class Uploader
            {
                [Traced]
                public partial int Upload(
                    string name,
                    Stream {|BTT006:content|});

                private int UploadCore(string name, Stream content) => 0;
            }
            """,
            """
            using System.IO;
            using Braintrust.Traced;

            public partial class Uploader
            {
                [Traced]
                public partial int Upload(
                    string name,
                    [NotTraced] Stream content);

                private int UploadCore(string name, Stream content) => 0;
            }
            """);
    }

    [Test]
    public async Task FixAllAddsNotTracedToEveryUnloggableParameter()
    {
        await AddAttributeAsync(
            """
            using System;
            using System.IO;
            using Braintrust.Traced;

            public partial class Uploader
            {
                [Traced]
                public partial int Upload(Stream {|BTT006:content|}, Action<int> {|BTT006:progress|});

                [Traced]
                public partial int Download(IServiceProvider {|BTT006:services|});

                private int UploadCore(Stream content, Action<int> progress) => 0;

                private int DownloadCore(IServiceProvider services) => 0;
            }
            """,
            """
            using System;
            using System.IO;
            using Braintrust.Traced;

            public partial class Uploader
            {
                [Traced]
                public partial int Upload([NotTraced] Stream content, [NotTraced] Action<int> progress);

                [Traced]
                public partial int Download([NotTraced] IServiceProvider services);

                private int UploadCore(Stream content, Action<int> progress) => 0;

                private int DownloadCore(IServiceProvider services) => 0;
            }
            """);
    }

    [Test]
    public async Task NotTracedFixQualifiesTheAttributeWhenTheNamespaceIsNotImported()
    {
        await AddAttributeAsync(
            """
            public partial class Uploader
            {
                [Braintrust.Traced.Traced]
                public partial int Upload(System.IO.Stream {|BTT006:content|});

                private int UploadCore(System.IO.Stream content) => 0;
            }
            """,
            """
            public partial class Uploader
            {
                [Braintrust.Traced.Traced]
                public partial int Upload([Braintrust.Traced.NotTraced] System.IO.Stream content);

                private int UploadCore(System.IO.Stream content) => 0;
            }
            """);
    }

    [Test]
    public async Task SecretParametersAreReportedWithTheirName()
    {
        await AnalyzeAsync(
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Connect(string {|#0:apiKey|}, string {|#1:connectionString|}, [AsMetadata] string {|#2:client_secret|}, string {|#3:token|}, string {|#4:Password|});

                private string ConnectCore(string apiKey, string connectionString, string client_secret, string token, string Password) => "";
            }
            """,
            Diagnostic("BTT007").WithLocation(0).WithArguments("apiKey"),
            Diagnostic("BTT007").WithLocation(1).WithArguments("connectionString"),
            Diagnostic("BTT007").WithLocation(2).WithArguments("client_secret"),
            Diagnostic("BTT007").WithLocation(3).WithArguments("token"),
            Diagnostic("BTT007").WithLocation(4).WithArguments("Password"));
    }

    [Test]
    public async Task HarmlessTokenAndKeyNamesAndProtectedSecretsAreFine()
    {
        await AnalyzeAsync(
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Complete(string prompt, int maxTokens, int tokenCount, string pageToken, string cacheKey, string secretName, [Redact] string password, [NotTraced] string apiKey, int token, bool? secret);

                private string CompleteCore(string prompt, int maxTokens, int tokenCount, string pageToken, string cacheKey, string secretName, string password, string apiKey, int token, bool? secret) => prompt;
            }
            """);
    }

    [Test]
    public async Task RedactFixIsTheFirstChoiceForASecret()
    {
        await AddAttributeAsync(
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Login(string user, string {|BTT007:password|});

                private string LoginCore(string user, string password) => user;
            }
            """,
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Login(string user, [Redact] string password);

                private string LoginCore(string user, string password) => user;
            }
            """,
            codeActionIndex: 0);
    }

    [Test]
    public async Task NotTracedFixIsTheSecondChoiceForASecretAndFixAllCoversEveryParameter()
    {
        await AddAttributeAsync(
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Login(string user, string {|BTT007:password|}, string {|BTT007:apiKey|});

                private string LoginCore(string user, string password, string apiKey) => user;
            }
            """,
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Login(string user, [NotTraced] string password, [NotTraced] string apiKey);

                private string LoginCore(string user, string password, string apiKey) => user;
            }
            """,
            codeActionIndex: 1);
    }

    [Test]
    public async Task AttributeOnTheImplementationInsteadOfTheTracedMethodSaysWhereItBelongs()
    {
        await Verify<StrayParameterAttributeAnalyzer>.AnalyzerAsync(
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Login(string user, [Redact] string password);

                private string LoginCore(string user, [{|#0:Redact|}] string password) => user;

                public void Plain([{|#1:NotTraced|}] string value)
                {
                }
            }
            """,
            Verify<StrayParameterAttributeAnalyzer>.Diagnostic("BTT011").WithLocation(0).WithArguments("Redact", "password", "LoginCore", "; it is the implementation of [Traced] method 'Login': put the attribute on that method's parameter"),
            Verify<StrayParameterAttributeAnalyzer>.Diagnostic("BTT011").WithLocation(1).WithArguments("NotTraced", "value", "Plain", ""));
    }

    [Test]
    public async Task RemoveFixDeletesAttributesOutsideTracedMethodsAndFixAllHandlesSharedLists()
    {
        await RemoveStrayAttributeAsync(
            """
            using System;
            using Braintrust.Traced;

            public class Client
            {
                public void Plain([{|BTT011:NotTraced|}, {|BTT011:Redact|}] string value, [{|BTT011:AsMetadata("k")|}] int other)
                {
                    Func<string, int> measure = ([{|BTT011:Redact|}] string text) => text.Length;
                }
            }
            """,
            """
            using System;
            using Braintrust.Traced;

            public class Client
            {
                public void Plain(string value, int other)
                {
                    Func<string, int> measure = (string text) => text.Length;
                }
            }
            """);
    }

    [Test]
    public async Task NotTracedWithRedactOrAsMetadataIsAConflictAndTheFixRemovesThePointlessOne()
    {
        await RemoveConflictingAttributeAsync(
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Login([NotTraced, {|#0:Redact|}] string password, [NotTraced][{|#1:AsMetadata|}] string tenant);

                private string LoginCore(string password, string tenant) => tenant;
            }
            """,
            """
            using Braintrust.Traced;

            public partial class Client
            {
                [Traced]
                public partial string Login([NotTraced] string password, [NotTraced] string tenant);

                private string LoginCore(string password, string tenant) => tenant;
            }
            """,
            Diagnostic("BTT013").WithLocation(0).WithArguments("password", "Redact"),
            Diagnostic("BTT013").WithLocation(1).WithArguments("tenant", "AsMetadata"));
    }

    [Test]
    public async Task BlankOrRepeatedMetadataKeysAreReported()
    {
        await Verify<MetadataKeyAnalyzer>.AnalyzerAsync(
            """
            using Braintrust.Traced;

            public partial class Assistant
            {
                [Traced]
                public partial string Answer(
                    string question,
                    [{|#0:AsMetadata(" ")|}] string tenant,
                    [AsMetadata("user")] string userId,
                    [{|#1:AsMetadata("user")|}] string userName,
                    [AsMetadata] string region,
                    [{|#2:AsMetadata("region")|}] string regionCode,
                    [AsMetadata("model")] string model,
                    [AsMetadata("model"), Redact] string modelKey);

                private string AnswerCore(string question, string tenant, string userId, string userName, string region, string regionCode, string model, string modelKey) => question;
            }
            """,
            Verify<MetadataKeyAnalyzer>.Diagnostic("BTT014").WithLocation(0).WithArguments("tenant", "has a blank key; pass a visible key, or use [AsMetadata] without one to use the parameter's name"),
            Verify<MetadataKeyAnalyzer>.Diagnostic("BTT014").WithLocation(1).WithArguments("userName", "uses the key \"user\" already used by parameter 'userId'; only one of the values would be kept"),
            Verify<MetadataKeyAnalyzer>.Diagnostic("BTT014").WithLocation(2).WithArguments("regionCode", "uses the key \"region\" already used by parameter 'region'; only one of the values would be kept"));
    }
}
