using System.Collections.Generic;
using System.Linq;

namespace Braintrust.Traced.Generator.Emit;

/// <summary>
/// Names of the locals in one generated body: <c>__scope</c>, <c>__result</c>... The double underscore keeps them
/// apart from ordinary parameter names, and a parameter that happens to use one pushes the local to <c>__scope_</c>.
/// </summary>
internal sealed class GeneratedLocals
{
    public GeneratedLocals(IEnumerable<string> parameterNames)
    {
        var taken = new HashSet<string>(parameterNames.Select(n => n.TrimStart('@')));
        Scope = Free("__scope", taken);
        Result = Free("__result", taken);
        CaughtException = Free("__exception", taken);
    }

    public string Scope { get; }

    public string Result { get; }

    public string CaughtException { get; }

    private static string Free(string name, HashSet<string> taken)
    {
        while (taken.Contains(name))
        {
            name += "_";
        }

        return name;
    }
}
