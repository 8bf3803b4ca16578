using Braintrust.Traced.Shipping;

namespace Braintrust.Traced.Runtime;

/// <summary>The captured values of a traced call with four arguments, kept as their own types (see <see cref="IRecordedArguments"/>).</summary>
internal sealed class RecordedArguments<T1, T2, T3, T4>(T1 arg1, T2 arg2, T3 arg3, T4 arg4) : IRecordedArguments
{
    public void WriteTo(RowWriter writer, byte[][] names)
    {
        writer.Raw("{"u8);
        writer.RawArgument(names, 0, arg1);
        writer.RawArgument(names, 1, arg2);
        writer.RawArgument(names, 2, arg3);
        writer.RawArgument(names, 3, arg4);
        writer.Raw("}"u8);
    }
}
