namespace Braintrust.Traced.Generator.Model;

/// <summary>How a traced method returns, which decides how long its span stays open and what it records as output.</summary>
internal enum ReturnShape
{
    /// <summary><c>void</c>: the span ends when the body returns; nothing is recorded as output.</summary>
    Void,
    /// <summary>Any other synchronous value: recorded as the output when the body returns.</summary>
    Value,
    /// <summary><c>Task</c>: the span ends when the task completes.</summary>
    Task,
    /// <summary><c>Task&lt;T&gt;</c>: the span ends when the task completes and records its result.</summary>
    TaskOfT,
    /// <summary><c>ValueTask</c>: the span ends when the task completes.</summary>
    ValueTask,
    /// <summary><c>ValueTask&lt;T&gt;</c>: the span ends when the task completes and records its result.</summary>
    ValueTaskOfT,
    /// <summary><c>IEnumerable&lt;T&gt;</c>: the span stays open while the caller enumerates.</summary>
    Enumerable,
    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>: the span stays open while the caller enumerates.</summary>
    AsyncEnumerable,
}
