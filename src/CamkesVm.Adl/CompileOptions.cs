using CamkesVm.Adl.Preprocessing;

namespace CamkesVm.Adl;

/// <summary>Options of one compilation.</summary>
public sealed record CompileOptions
{
    /// <summary>
    /// Folders searched for <c>#include</c> and <c>import &lt;…&gt;</c>, in order (the <c>-I</c> flags).
    /// The top-level spec's own folder is searched after them, and the built-in library last.
    /// </summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>Macros predefined as with <c>-D NAME[=VALUE]</c> (a null value means 1).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Defines { get; init; } = [];

    /// <summary>Run the C preprocessor (default on, as the original's build); off mirrors <c>--nocpp</c>.</summary>
    public bool Preprocess { get; init; } = true;

    /// <summary>The generated <c>autoconf.h</c>; null derives it from the spec's folder.</summary>
    public AutoconfHeader? Autoconf { get; init; }
}
