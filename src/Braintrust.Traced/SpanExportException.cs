namespace Braintrust.Traced;

/// <summary>A batch could not be delivered; says whether trying again may help and when.</summary>
public sealed class SpanExportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpanExportException(string message, bool isTransient, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        RetryAfter = retryAfter;
    }

    /// <summary>Whether the same batch may succeed later (network error, 408, 429, 5xx).</summary>
    public bool IsTransient { get; }

    /// <summary>How long the backend asked to wait before the next try (its <c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
