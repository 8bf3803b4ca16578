using Braintrust.Traced.Runtime;
using System.Diagnostics;
using Braintrust.Traced.Shipping;
using Braintrust.Traced.Telemetry;

namespace Braintrust.Traced;

/// <summary>
/// One unit of work in a trace: a request, a model call, a tool call, a scorer. Values given to <see cref="Log"/>
/// are kept by reference and serialized on the background shipper when the span ends, so logging never blocks.
/// </summary>
/// <remarks>
/// <para>A span is shipped as one full row when it ends; a <see cref="Log"/> after <see cref="End"/> ships a merge row
/// (<c>_is_merge: true</c>) that updates it. A span still open <see cref="BraintrustOptions.ShowRunningTracesAfter"/>
/// after it started also ships an early merge row, so it shows while it runs.</para>
/// <para>Spans started with <see cref="BraintrustLogger.StartSpan"/> or <see cref="StartSpan"/> become
/// <see cref="Current"/> until they end, so <c>[Traced]</c> calls made inside nest under them.</para>
/// </remarks>
public sealed class Span : IDisposable, IAsyncDisposable, IPendingRow
{
    private const int Open = 0;
    private const int Updating = 1;
    private const int Ended = 2;

    // End holds this state until the full row is queued: a Log that saw Ended any earlier would queue its merge row
    // ahead of the full row, and the full row, arriving second, would replace what the merge added.
    private const int Ending = 3;

    private static readonly AsyncLocal<Span?> s_current = new();

    private readonly TracedMethod? _method;
    private readonly string _name;
    private readonly ulong _spanId;
    private readonly UInt128 _traceId;
    private readonly ulong _parentSpanId;
    private readonly long _startTicks;
    private long _endTicks;
    private int _state;

    // Set on the shipper's worker when it shipped this span's early row (RunningSpanRow): the row written at the end
    // is then a merge, so feedback logged against the running span in between is kept, not replaced.
    private bool _runningRowShipped;

    private object? _input;
    private bool _inputIsArguments;
    private object? _output;
    private OutputShape _outputShape;

    // A returned int, long, bool or double is kept here rather than boxed into _output: one object less per call.
    private long _outputBits;

    // The error, metadata and remote-parent ids live in _extras: most recording calls have none of them, and each
    // field kept here would be paid by every span while it waits in the shipping queue.
    private SpanExtras? _extras;

    internal Span(BraintrustLogger logger, string name, SpanType type, TracedMethod? method, Span? parent, ParentReference? remoteParent)
    {
        Logger = logger;
        _name = name;
        Type = type;
        _method = method;
        _spanId = SpanIds.NewSpanId();
        if (parent is not null)
        {
            _traceId = parent._traceId;
            _parentSpanId = parent._spanId;
            if (parent.RemoteRootSpanId is { } remoteRoot)
            {
                Extras.RemoteRootSpanId = remoteRoot;
            }
        }
        else if (remoteParent is not null)
        {
            Extras.RemoteRootSpanId = remoteParent.RootSpanId;
            Extras.RemoteParentSpanId = remoteParent.SpanId;
        }
        else
        {
            _traceId = SpanIds.NewTraceId();
        }

        _startTicks = DateTime.UtcNow.Ticks;
        if (logger.Options.ShowRunningTracesAfter is not null)
        {
            // The worker waits on the span until it has run ShowRunningTracesAfter, then ships its early row if it is still open.
            logger.WatchRunningSpan(this);
        }

        if (logger.Options.EmitActivities)
        {
            if (ActivityBridge.Start(this) is { } activity)
            {
                Extras.Activity = activity;
            }
        }
    }

    /// <summary>The span that calls made on this asynchronous flow nest under, or <see langword="null"/> at the root.</summary>
    public static Span? Current => s_current.Value;

    /// <summary>
    /// Starts a span under <see cref="Current"/> (or, at the root, as a trace of <paramref name="logger"/>, else of
    /// <see cref="BraintrustLogger.Current"/>) WITHOUT making it current. For integrations that wrap a call whose span
    /// ends later or elsewhere (a model call, a stream the caller reads): were it current, the caller's next calls
    /// would nest under a call that already finished.
    /// </summary>
    /// <returns>The started span, or <see langword="null"/> when there is no current span and no enabled logger.</returns>
    public static Span? StartDetached(string name, SpanType type, BraintrustLogger? logger = null)
    {
        if (Current is { } parent)
        {
            return parent.StartSpan(name, type, setCurrent: false);
        }

        logger ??= BraintrustLogger.Current;
        return logger is { IsEnabled: true } ? logger.StartSpan(name, type, setCurrent: false) : null;
    }

    /// <summary>The row id: pass it to <see cref="BraintrustLogger.LogFeedback"/>. Equal to <see cref="SpanId"/>.</summary>
    public string Id => SpanId;

    /// <summary>This span's id (16 hex digits).</summary>
    public string SpanId => Extras.SpanIdText ??= SpanIds.Format(_spanId);

    /// <summary>The id of the trace's root span (32 hex digits unless the trace was continued from another SDK).</summary>
    public string RootSpanId => RemoteRootSpanId ?? SpanIds.Format(_traceId);

    /// <summary>The span's name, as shown in the trace tree.</summary>
    public string Name => _name;

    /// <summary>The span's type.</summary>
    public SpanType Type { get; }

    /// <summary>Whether <see cref="End"/> has run.</summary>
    public bool IsEnded => Volatile.Read(ref _state) == Ended;

    /// <summary>
    /// Whether <see cref="End"/> has begun: true from the moment the full row is being queued, which
    /// <see cref="IsEnded"/> reports only once it is. The shipper's worker asks this, so a heartbeat it takes after
    /// the full row was queued is never written (it could otherwise follow the full row).
    /// </summary>
    internal bool IsEndingOrEnded => Volatile.Read(ref _state) is Ending or Ended;

    internal BraintrustLogger Logger { get; }

    /// <summary>The root span id of a trace continued from another process, kept as that process wrote it.</summary>
    private string? RemoteRootSpanId => _extras?.RemoteRootSpanId;

    /// <summary>The rarely used parts, allocated on first use (see <see cref="SpanExtras"/>).</summary>
    /// <remarks>Created with a compare-and-swap: a reader of <see cref="SpanId"/> on one thread must not replace the
    /// extras a <see cref="Log"/> on another thread is filling.</remarks>
    private SpanExtras Extras => _extras ?? Interlocked.CompareExchange(ref _extras, new SpanExtras(), null) ?? _extras!;

    /// <summary>Set when a Trace* method of <see cref="TracedScope"/> took the span over and will end it.</summary>
    internal bool IsHandedOver { get; set; }

    internal static Span? CurrentValue
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>
    /// Records values on the span. Each argument that is not <see langword="null"/> is merged in: <paramref name="input"/>,
    /// <paramref name="output"/>, <paramref name="expected"/>, <paramref name="error"/> and <paramref name="tags"/> replace
    /// what was there; <paramref name="scores"/>, <paramref name="metadata"/> and <paramref name="metrics"/> are merged key by key.
    /// </summary>
    /// <remarks>Values are serialized later, on the background shipper: do not mutate them after logging.</remarks>
    public void Log(
        object? input = null,
        object? output = null,
        object? expected = null,
        IReadOnlyDictionary<string, double?>? scores = null,
        IReadOnlyDictionary<string, object?>? metadata = null,
        IReadOnlyDictionary<string, double>? metrics = null,
        IEnumerable<string>? tags = null,
        object? error = null)
    {
        var update = new SpanUpdate(input, output, expected, scores, metadata, metrics, tags, error);
        if (update.IsEmpty)
        {
            return;
        }

        // Before End the values join the full row; after it they ship as a merge row. The state word orders the two
        // without a lock object per span (and without locking on a public instance).
        if (TryEnterState(Updating))
        {
            try
            {
                Apply(update);
            }
            finally
            {
                Volatile.Write(ref _state, Open);
            }

            return;
        }

        Logger.Enqueue(new SpanMergeRow(this, update.Snapshot()));
    }

    /// <summary>
    /// Records values that <paramref name="log"/> works out later, on the background shipper instead of the caller's
    /// thread (see <see cref="IDeferredSpanLog"/> for when). Values given to <see cref="Log"/>, before or after, win over
    /// its values field by field and key by key. A span holds one pending deferred log: an earlier one is resolved first.
    /// </summary>
    /// <param name="log">What works the values out.</param>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is <see langword="null"/>.</exception>
    public void LogDeferred(IDeferredSpanLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (TryEnterState(Updating))
        {
            try
            {
                if (Extras.DeferredLog is { } earlier)
                {
                    ApplyDeferred(earlier);
                }

                Extras.DeferredLog = log;
            }
            finally
            {
                Volatile.Write(ref _state, Open);
            }

            return;
        }

        // The row is already queued: work the values out now and ship them as a merge row.
        var values = ResolveOrDescribeFailure(log, out var failure);
        Log(input: values.Input, output: values.Output, metadata: values.Metadata, metrics: values.Metrics, error: failure ?? values.Error);
    }

    /// <summary>Starts a child span of this span and makes it <see cref="Current"/> until it ends.</summary>
    /// <param name="name">The span name.</param>
    /// <param name="type">The span type; <see cref="SpanType.Function"/> by default.</param>
    /// <param name="setCurrent">
    /// <see langword="false"/> leaves <see cref="Current"/> alone: for a span that ends on another flow (a stream, a
    /// callback), so code the caller runs next does not nest under it.
    /// </param>
    public Span StartSpan(string name, SpanType type = SpanType.Function, bool setCurrent = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var child = new Span(Logger, name, type, method: null, parent: this, remoteParent: null);
        if (setCurrent)
        {
            child.MakeCurrent();
        }
        else
        {
            child.RestoreCallerActivity();
        }

        return child;
    }

    /// <summary>
    /// A string that identifies this span; pass it as <c>parent</c> to <see cref="BraintrustLogger.StartSpan"/> on another
    /// thread, request or process to continue the same trace under this span. It uses the official SDKs' encoding
    /// (<c>SpanComponents</c> version 4), so Python and TypeScript services accept it as a parent too.
    /// </summary>
    public string Export() => new ParentReference(Logger.ProjectName, Logger.Options.ProjectId, Id, SpanId, RootSpanId).Export();

    /// <summary>Ends the span (once; later calls do nothing), queues it for shipping and restores the previous current span.</summary>
    public void End()
    {
        if (!TryEnterState(Ending))
        {
            return;
        }

        try
        {
            _endTicks = DateTime.UtcNow.Ticks;
            if (_extras is { } extras)
            {
                if (extras.Activity is { } activity)
                {
                    // The activity's tags are read from the metadata now, not when the row is written.
                    ResolveDeferred();
                    ActivityBridge.Stop(activity, this, _method, extras.Metadata, extras.Metrics, extras.Error);
                }

                if (extras.RestoresCurrent && ReferenceEquals(s_current.Value, this))
                {
                    s_current.Value = extras.PreviousCurrent;
                }
            }

            Logger.Enqueue(this);
        }
        finally
        {
            Volatile.Write(ref _state, Ended);
        }
    }

    /// <summary>Ends the span.</summary>
    public void Dispose() => End();

    /// <summary>Ends the span.</summary>
    public ValueTask DisposeAsync()
    {
        End();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Gives the caller back the <see cref="Activity.Current"/> it had before this span started, for spans that do not
    /// stay current (handed over to a task or sequence, or started with <c>setCurrent: false</c>).
    /// </summary>
    internal void RestoreCallerActivity()
    {
        if (_extras?.Activity is { } activity && ReferenceEquals(Activity.Current, activity))
        {
            Activity.Current = activity.Parent;
        }
    }

    internal void MakeCurrent()
    {
        Extras.PreviousCurrent = s_current.Value;
        Extras.RestoresCurrent = true;
        s_current.Value = this;
    }

    internal void SetArguments(object?[] values)
    {
        _input = values;
        _inputIsArguments = _method is not null;
    }

    internal void SetArguments(IRecordedArguments arguments)
    {
        _input = arguments;
        _inputIsArguments = _method is not null;
    }

    /// <summary>Records the return value; the common primitive results are stored without boxing.</summary>
    internal void SetOutput<T>(T value)
    {
        // Each check is a constant for a value-type T: the JIT keeps only the matching branch.
        if (typeof(T) == typeof(int))
        {
            SetOutputBits((int)(object)value!, OutputShape.Int32);
        }
        else if (typeof(T) == typeof(long))
        {
            SetOutputBits((long)(object)value!, OutputShape.Int64);
        }
        else if (typeof(T) == typeof(bool))
        {
            SetOutputBits((bool)(object)value! ? 1 : 0, OutputShape.Boolean);
        }
        else if (typeof(T) == typeof(double))
        {
            SetOutputBits(BitConverter.DoubleToInt64Bits((double)(object)value!), OutputShape.Double);
        }
        else
        {
            SetOutputValue(value);
        }
    }

    internal void SetOutputValue(object? value)
    {
        _output = value;
        _outputShape = OutputShape.Value;
    }

    private void SetOutputBits(long bits, OutputShape shape)
    {
        _output = null;
        _outputBits = bits;
        _outputShape = shape;
    }

    internal void SetNamedOutputs(object?[] values)
    {
        _output = values;
        _outputShape = _method is { OutputNames.Count: > 0 } ? OutputShape.Named : OutputShape.Value;
    }

    internal void SetItems(List<object?>? items, long count, bool stoppedEarly)
    {
        if (items is not null)
        {
            _output = items;
            _outputShape = OutputShape.Value;
        }

        AddMetadataValue(RowFieldNames.ItemCountMetadataKey, count);
        if (stoppedEarly)
        {
            AddMetadataValue(RowFieldNames.StoppedEarlyMetadataKey, true);
        }
    }

    internal void AddMetadataValue(string key, object? value)
    {
        (Extras.Metadata ??= new Dictionary<string, object?>(StringComparer.Ordinal))[key] = value;
    }

    internal void RecordException(Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            // A cancelled call is the caller's decision, not a failure: Braintrust shows `error` as a failure, so it stays empty.
            AddMetadataValue(RowFieldNames.CancelledMetadataKey, true);
            return;
        }

        Extras.Error = exception;
    }

    /// <summary>
    /// Moves the span from <see cref="Open"/> to <paramref name="target"/>, waiting out a concurrent <see cref="Log"/> or
    /// <see cref="End"/>; <see langword="false"/> once the span has ended.
    /// </summary>
    private bool TryEnterState(int target)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            switch (Interlocked.CompareExchange(ref _state, target, Open))
            {
                case Open:
                    return true;
                case Ended:
                    return false;
                default:
                    spinner.SpinOnce();
                    break;
            }
        }
    }

    private void Apply(SpanUpdate update)
    {
        if (update.Input is not null)
        {
            _input = update.Input;
            _inputIsArguments = false;
        }

        if (update.Output is not null)
        {
            SetOutputValue(update.Output);
        }

        if (update.Expected is not null)
        {
            Extras.Expected = update.Expected;
        }

        if (update.Error is not null)
        {
            Extras.Error = update.Error;
        }
        if (update.Tags is not null)
        {
            Extras.Tags = Snapshots.Copy(update.Tags);
        }

        if (update.Scores is not null)
        {
            var scores = Extras.Scores ??= new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var (key, value) in update.Scores)
            {
                scores[key] = value;
            }
        }

        if (update.Metadata is not null)
        {
            foreach (var (key, value) in update.Metadata)
            {
                AddMetadataValue(key, value);
            }
        }

        if (update.Metrics is not null)
        {
            var metrics = Extras.Metrics ??= new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (key, value) in update.Metrics)
            {
                metrics[key] = value;
            }
        }
    }

    /// <summary>Merges the pending <see cref="IDeferredSpanLog"/>, if any: at the latest, on the worker as the row is written.</summary>
    private void ResolveDeferred()
    {
        if (_extras is { DeferredLog: { } log } extras)
        {
            extras.DeferredLog = null;
            ApplyDeferred(log);
        }
    }

    /// <summary>Merges a deferred log's values under what <see cref="Log"/> set: fields and keys already there stay.</summary>
    private void ApplyDeferred(IDeferredSpanLog log)
    {
        var values = ResolveOrDescribeFailure(log, out var failure);
        if ((failure ?? values.Error) is { } error)
        {
            Extras.Error ??= error;
        }

        if (values.Input is not null && _input is null)
        {
            _input = values.Input;
            _inputIsArguments = false;
        }

        if (values.Output is not null && _outputShape == OutputShape.None)
        {
            SetOutputValue(values.Output);
        }

        if (values.Metadata is not null)
        {
            var metadata = Extras.Metadata ??= new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in values.Metadata)
            {
                metadata.TryAdd(key, value);
            }
        }

        if (values.Metrics is not null)
        {
            var metrics = Extras.Metrics ??= new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (key, value) in values.Metrics)
            {
                metrics.TryAdd(key, value);
            }
        }
    }

    private static SpanLogValues ResolveOrDescribeFailure(IDeferredSpanLog log, out string? failure)
    {
        failure = null;
        try
        {
            return log.Resolve();
        }
        catch (Exception exception)
        {
            // Runs on the shipper's worker: the row (ids, timing, what Log set) is still worth shipping, so say what
            // failed where the span shows failures rather than lose it.
            failure = $"[deferred log failed: {exception.GetType().Name}: {exception.Message}]";
            return default;
        }
    }

    /// <summary>When the span started, in UTC ticks.</summary>
    internal long StartTicks => _startTicks;

    /// <summary>
    /// On the shipper's worker: takes what a running span's early row shows and marks the row shipped, unless the span
    /// has ended (its full row is then queued and nothing early is needed).
    /// </summary>
    internal bool TryTakeRunningSnapshot(out RunningSnapshot snapshot)
    {
        if (!TryEnterState(Updating))
        {
            snapshot = default;
            return false;
        }

        try
        {
            _runningRowShipped = true;
            snapshot = new RunningSnapshot(_input, _inputIsArguments, _extras?.Tags);
            return true;
        }
        finally
        {
            Volatile.Write(ref _state, Open);
        }
    }

    /// <summary>
    /// The early row of a running span: identity, parent, start, input, name and tags, as a merge (<c>_is_merge: true</c>) so
    /// that it never replaces anything already stored for the span (feedback logged by id while it ran).
    /// </summary>
    internal void WriteRunningRow(RowWriter writer, in RunningSnapshot snapshot)
    {
        WriteIdentityAndCreated(writer);
        WriteInput(writer, snapshot.Input, snapshot.InputIsArguments);
        writer.Raw(",\"metrics\":{\"start\":"u8);
        writer.RawUnixSeconds(_startTicks);
        writer.Raw("},\"span_attributes\":"u8);
        writer.RawSpanAttributes(_name, Type, _method);
        writer.Raw(",\"context\":"u8);
        writer.RawContext(_method);
        if (snapshot.Tags is { } tags)
        {
            writer.Raw(",\"tags\":"u8);
            writer.RawTags(tags);
        }

        writer.Raw(",\"_is_merge\":true}"u8);
    }

    /// <summary>
    /// A running span's heartbeat (<see cref="RunningSpanHeartbeatRow"/>): the row's identity and nothing else, as a merge,
    /// so that it changes no stored field even when it arrives after the span's full row. The server still records the
    /// write, which is all it is for.
    /// </summary>
    internal void WriteHeartbeatRow(RowWriter writer)
    {
        WriteIds(writer);
        writer.Raw(",\"_is_merge\":true}"u8);
    }

    /// <summary>The identifying fields every row about this span carries (for merge rows, written with the JSON writer).</summary>
    internal void WriteIdentity(RowWriter writer)
    {
        var json = writer.Json;
        json.WriteString(EncodedFieldNames.Id, Id);
        json.WriteString(EncodedFieldNames.SpanId, SpanId);
        json.WriteString(EncodedFieldNames.RootSpanId, RootSpanId);
        writer.WriteDestination();
    }

    /// <summary>The full row, written as a fixed skeleton with the values in between (see <see cref="RowWriter"/>).</summary>
    void IPendingRow.WriteRow(RowWriter writer)
    {
        ResolveDeferred();
        WriteIdentityAndCreated(writer);
        WriteInput(writer, _input, _inputIsArguments);
        var extras = _extras;

        switch (_outputShape)
        {
            case OutputShape.Value:
                writer.Raw(",\"output\":"u8);
                writer.RawValue(_output);
                break;
            case OutputShape.Named:
                writer.Raw(",\"output\":"u8);
                writer.RawNamedValues(_method!.OutputPropertyPrefixes, (object?[])_output!);
                break;
            case OutputShape.Int32:
                writer.Raw(",\"output\":"u8);
                writer.RawPrimitive((int)_outputBits);
                break;
            case OutputShape.Int64:
                writer.Raw(",\"output\":"u8);
                writer.RawPrimitive(_outputBits);
                break;
            case OutputShape.Boolean:
                writer.Raw(",\"output\":"u8);
                writer.RawPrimitive(_outputBits != 0);
                break;
            case OutputShape.Double:
                writer.Raw(",\"output\":"u8);
                writer.RawPrimitive(BitConverter.Int64BitsToDouble(_outputBits));
                break;
        }

        if (extras?.Expected is { } expected)
        {
            writer.Raw(",\"expected\":"u8);
            writer.RawValue(expected);
        }

        if (extras?.Error is { } error)
        {
            writer.Raw(",\"error\":"u8);
            writer.RawValue(error);
        }

        if (extras?.Scores is { } scores)
        {
            writer.Raw(",\"scores\":"u8);
            writer.RawScores(scores);
        }

        if (extras?.Metadata is { } metadata)
        {
            writer.Raw(",\"metadata\":"u8);
            writer.RawMetadata(metadata);
        }

        writer.Raw(",\"metrics\":{\"start\":"u8);
        writer.RawUnixSeconds(_startTicks);
        if (_endTicks != 0)
        {
            writer.Raw(",\"end\":"u8);
            writer.RawUnixSeconds(_endTicks);
        }

        if (extras?.Metrics is { } metrics)
        {
            writer.RawExtraMetrics(metrics);
        }

        writer.Raw("},\"span_attributes\":"u8);
        writer.RawSpanAttributes(_name, Type, _method);
        writer.Raw(",\"context\":"u8);
        writer.RawContext(_method);
        if (extras?.Tags is { } tags)
        {
            writer.Raw(",\"tags\":"u8);
            writer.RawTags(tags);
        }

        writer.Raw(_runningRowShipped ? ",\"_is_merge\":true}"u8 : ",\"_is_merge\":false}"u8);
    }

    /// <summary>The row's opening: ids, destination, parent and <c>created</c>.</summary>
    private void WriteIdentityAndCreated(RowWriter writer)
    {
        WriteIds(writer);
        var extras = _extras;
        if (extras?.RemoteParentSpanId is { } remoteParent)
        {
            writer.Raw(",\"span_parents\":["u8);
            writer.RawString(remoteParent);
            writer.Raw("]"u8);
        }
        else if (_parentSpanId != 0)
        {
            writer.Raw(",\"span_parents\":[\""u8);
            writer.RawHex(_parentSpanId);
            writer.Raw("\"]"u8);
        }

        writer.Raw(",\"created\":\""u8);
        writer.RawTimestamp(_startTicks);
        writer.Raw("\""u8);
    }

    /// <summary>The row's opening brace and identity: <c>id</c>, <c>span_id</c>, <c>root_span_id</c> and the destination.</summary>
    private void WriteIds(RowWriter writer)
    {
        writer.Raw("{\"id\":\""u8);
        writer.RawHex(_spanId);
        writer.Raw("\",\"span_id\":\""u8);
        writer.RawHex(_spanId);
        writer.Raw("\",\"root_span_id\":"u8);
        if (_extras?.RemoteRootSpanId is { } remoteRoot)
        {
            writer.RawString(remoteRoot);
        }
        else
        {
            writer.Raw("\""u8);
            writer.RawHex(_traceId);
            writer.Raw("\""u8);
        }

        writer.RawDestination();
    }

    private void WriteInput(RowWriter writer, object? input, bool inputIsArguments)
    {
        if (input is null)
        {
            return;
        }

        writer.Raw(",\"input\":"u8);
        if (inputIsArguments && input is IRecordedArguments recorded)
        {
            recorded.WriteTo(writer, _method!.InputPropertyPrefixes);
        }
        else if (inputIsArguments && input is object?[] arguments)
        {
            writer.RawNamedValues(_method!.InputPropertyPrefixes, arguments);
        }
        else
        {
            writer.RawValue(input);
        }
    }

    private enum OutputShape : byte
    {
        None,
        Value,
        Named,
        Int32,
        Int64,
        Boolean,
        Double,
    }
}
