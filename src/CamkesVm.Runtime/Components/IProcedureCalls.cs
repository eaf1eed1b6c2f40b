namespace CamkesVm.Runtime.Components;

/// <summary>
/// One end of a seL4RPCCall connection driven by method name instead of a C# interface type: the view the C glue
/// has of <c>uses</c> and <c>provides</c> interfaces. <paramref name="method"/> names are those of the generated C#
/// interface (<see cref="ProcedureNames.CSharp"/>); arguments are boxed as its parameters are typed, and on return the
/// elements of <c>out</c> and <c>inout</c> parameters hold the new values (as with <c>MethodInfo.Invoke</c>).
/// </summary>
public interface IProcedureCalls
{
    /// <summary>Calls <paramref name="method"/>; blocks until the callee returns; the callee's exception reaches the caller.</summary>
    object? Call(string method, object?[] arguments);
}

/// <summary>How the spec's procedure method names appear in the generated C# interfaces.</summary>
public static class ProcedureNames
{
    /// <summary>
    /// The C# name of spec method <paramref name="name"/>: each <c>_</c>-separated part capitalised and joined
    /// (<c>get_value</c> → <c>GetValue</c>), as the glue generator names the interface methods.
    /// </summary>
    public static string CSharp(string name)
    {
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "_" : string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
