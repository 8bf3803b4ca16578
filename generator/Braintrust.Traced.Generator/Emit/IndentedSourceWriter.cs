using System.Text;

namespace Braintrust.Traced.Generator.Emit;

/// <summary>A small writer that keeps the generated file indented like hand-written code (four spaces, braces on their own lines).</summary>
internal sealed class IndentedSourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _depth;

    public void WriteLine(string line)
    {
        for (var i = 0; i < _depth; i++)
        {
            _builder.Append(IndentUnit);
        }

        _builder.Append(line).Append('\n');
    }

    public void WriteBlankLine() => _builder.Append('\n');

    public void OpenBlock()
    {
        WriteLine("{");
        _depth++;
    }

    public void CloseBlock(string suffix = "")
    {
        _depth--;
        WriteLine("}" + suffix);
    }

    public void Indent() => _depth++;

    public void Unindent() => _depth--;

    public override string ToString() => _builder.ToString();
}
