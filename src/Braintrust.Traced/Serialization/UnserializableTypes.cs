using System.Reflection;

namespace Braintrust.Traced.Serialization;

/// <summary>Types whose values are never serialized (they hold resources or code, not data), and the marker that replaces them.</summary>
internal static class UnserializableTypes
{
    public static string Marker(string reason) => $"[unserializable: {reason}]";

    /// <summary>Why a value of <paramref name="type"/> cannot be serialized, or <see langword="null"/> if it can be tried.</summary>
    public static string? Describe(Type type)
    {
        if (typeof(Stream).IsAssignableFrom(type))
        {
            return $"{type.FullName} is a stream";
        }

        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return $"{type.FullName} is a delegate";
        }

        if (typeof(Task).IsAssignableFrom(type) || type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return $"{type.FullName} is a task; record its result instead";
        }

        if (type == typeof(CancellationToken) || typeof(WaitHandle).IsAssignableFrom(type))
        {
            return $"{type.FullName} is a synchronization handle";
        }

        if (type == typeof(IntPtr) || type == typeof(UIntPtr) || type.IsPointer)
        {
            return $"{type.FullName} is a pointer";
        }

        if (typeof(MemberInfo).IsAssignableFrom(type))
        {
            return $"{type.FullName} is reflection metadata";
        }

        return null;
    }
}
