using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Braintrust.Traced.Serialization;

/// <summary>
/// Used with reflection-based serialization: writes a marker for a stream, delegate or other unserializable member of
/// a user's object, and an exception as <c>{type, message, stack_trace}</c>, so one such member does not lose the whole value.
/// </summary>
internal sealed class UnserializableValueConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeof(Exception).IsAssignableFrom(typeToConvert) || UnserializableTypes.Describe(typeToConvert) is not null;

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "This factory is only registered when reflection-based serialization is enabled (never under native AOT).")]
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(MarkerConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class MarkerConverter<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException($"{typeToConvert.FullName} is only ever written to span rows.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is Exception exception)
            {
                ExceptionJson.Write(writer, exception);
                return;
            }

            var type = value?.GetType() ?? typeof(T);
            writer.WriteStringValue(UnserializableTypes.Marker(UnserializableTypes.Describe(type) ?? type.FullName!));
        }
    }
}
