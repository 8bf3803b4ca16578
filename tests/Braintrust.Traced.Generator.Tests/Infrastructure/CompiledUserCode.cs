using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace Braintrust.Traced.Generator.Tests.Infrastructure;

/// <summary>
/// User code plus generated code compiled to an assembly and loaded into its own collectible context; the
/// Braintrust.Traced runtime it references resolves to the test's own copy, so the test sees the spans it records.
/// </summary>
internal sealed class CompiledUserCode : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Assembly _assembly;

    private CompiledUserCode(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        _assembly = assembly;
    }

    public static CompiledUserCode Compile(string source)
    {
        var run = GeneratorRunner.RunAndCompile(source);
        using var image = new MemoryStream();
        EmitResult result = run.OutputCompilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("traced-user-code", isCollectible: true);
        return new CompiledUserCode(context, context.LoadFromStream(image));
    }

    public Type Type(string fullName) =>
        _assembly.GetType(fullName) ?? throw new InvalidOperationException($"The compiled code has no type {fullName}.");

    public object New(string typeName, params object?[] arguments) => Activator.CreateInstance(Type(typeName), arguments)!;

    /// <summary>Calls a method by name, rethrowing what the method threw (not reflection's wrapper) with its stack trace.</summary>
    public static object? Call(object target, string methodName, params object?[] arguments) =>
        Invoke(target.GetType(), target, methodName, arguments);

    public object? CallStatic(string typeName, string methodName, params object?[] arguments) =>
        Invoke(Type(typeName), null, methodName, arguments);

    private static object? Invoke(Type type, object? target, string methodName, object?[] arguments)
    {
        var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{type.Name} has no public method {methodName}.");
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException wrapper) when (wrapper.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(wrapper.InnerException).Throw();
            throw;
        }
    }

    public void Dispose() => _context.Unload();
}
