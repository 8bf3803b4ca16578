using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>
/// The well-known types that cannot be logged usefully. Kept as metadata names so a project that does not reference,
/// say, ASP.NET Core simply has no entry for HttpContext. <c>CancellationToken</c> is absent on purpose: the generator
/// never records it. Ref structs and pointers are recognized by kind, not listed.
/// </summary>
internal static class NotLoggableTypeCatalog
{
    private const string ConsumedByReading = "reading its content for the span would consume it";
    private const string NoData = "it is behavior, not data, so the span would show nothing useful";
    private const string Container = "a service container has no data worth recording and serializing it walks every registered service";
    private const string HttpObject = "it drags the whole request, its connection and services into the span";
    private const string Resource = "it is a live resource handle, not data, and may expose connection details";

    private static readonly (string MetadataName, string Reason)[] Entries =
    {
        ("System.IO.Stream", ConsumedByReading),
        ("System.IO.TextReader", ConsumedByReading),
        ("System.IO.TextWriter", "it is a sink for output, not data"),
        ("System.Collections.Generic.IAsyncEnumerable`1", ConsumedByReading),
        ("System.Delegate", NoData),
        ("System.IServiceProvider", Container),
        ("Microsoft.Extensions.DependencyInjection.IServiceScope", Container),
        ("Microsoft.Extensions.DependencyInjection.IServiceScopeFactory", Container),
        ("Microsoft.Extensions.Logging.ILogger", NoData),
        ("Microsoft.Extensions.Logging.ILoggerFactory", NoData),
        ("Microsoft.Extensions.Configuration.IConfiguration", "configuration is large and often holds secrets"),
        ("Microsoft.AspNetCore.Http.HttpContext", HttpObject),
        ("Microsoft.AspNetCore.Http.HttpRequest", HttpObject),
        ("Microsoft.AspNetCore.Http.HttpResponse", HttpObject),
        ("System.Net.Http.HttpClient", NoData),
        ("System.Net.Http.HttpMessageHandler", NoData),
        ("System.Data.IDbConnection", Resource),
        ("System.Data.IDbTransaction", Resource),
        ("System.Net.Sockets.Socket", Resource),
        ("System.Threading.WaitHandle", Resource),
        ("System.Threading.Thread", Resource),
    };

    public static ImmutableArray<NotLoggableType> Resolve(Compilation compilation)
    {
        var builder = ImmutableArray.CreateBuilder<NotLoggableType>(Entries.Length);
        foreach (var (metadataName, reason) in Entries)
        {
            var type = compilation.GetTypeByMetadataName(metadataName);
            if (type is not null)
            {
                builder.Add(new NotLoggableType(type, reason));
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The reason <paramref name="type"/> cannot be logged, or <see langword="null"/> when it can.</summary>
    public static string? FindReason(ITypeSymbol type, ImmutableArray<NotLoggableType> catalog)
    {
        // The generator passes these through to the implementation but cannot box them into the span's input.
        if (type.IsRefLikeType)
        {
            return "it is a ref struct (like Span<T>), which cannot be boxed, so the span would record nothing for it";
        }

        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            return "it is a pointer, so the span would record nothing for it";
        }

        if (type is ITypeParameterSymbol { AllowsRefLikeType: true })
        {
            return "it may be a ref struct ('allows ref struct'), which cannot be boxed, so the span would record nothing for it";
        }

        foreach (var entry in catalog)
        {
            if (IsOrDerivesFrom(type, entry.Type))
            {
                return entry.Reason;
            }
        }

        return null;
    }

    private static bool IsOrDerivesFrom(ITypeSymbol type, INamedTypeSymbol target)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target))
            {
                return true;
            }
        }

        if (target.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, target))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
