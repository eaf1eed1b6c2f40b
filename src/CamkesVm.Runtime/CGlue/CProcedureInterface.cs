using CamkesVm.Adl.Model;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.CGlue;

/// <summary>A method parameter as the C glue passes it; <c>out</c>, <c>inout</c> and <c>refin</c> are pointers in C.</summary>
/// <param name="Name">The spec's parameter name.</param>
/// <param name="Direction"><c>in</c>, <c>out</c>, <c>inout</c> or <c>refin</c>.</param>
/// <param name="Type">Its type.</param>
public sealed record CParameter(string Name, string Direction, CType Type)
{
    /// <summary>True when the caller's value goes to the callee (<c>in</c>, <c>inout</c>, <c>refin</c>).</summary>
    public bool IsInput => Direction != "out";

    /// <summary>True when the callee's value comes back (<c>out</c>, <c>inout</c>).</summary>
    public bool IsOutput => Direction is "out" or "inout";

    /// <summary>True when C passes it by pointer.</summary>
    public bool IsPointer => Direction != "in";
}

/// <summary>A procedure method: the spec's name, the generated C# interface's name, the return type (null: void) and the parameters.</summary>
public sealed record CMethod(string Name, string CSharpName, CType? Return, IReadOnlyList<CParameter> Parameters);

/// <summary>A <c>uses</c> or <c>provides</c> interface of a C component: <c>&lt;Name&gt;_&lt;method&gt;</c> functions in C.</summary>
/// <param name="Name">The interface name.</param>
/// <param name="Procedure">The procedure name.</param>
/// <param name="Methods">Its methods in declaration order (the index the glue passes).</param>
public sealed record CProcedureInterface(string Name, string Procedure, IReadOnlyList<CMethod> Methods)
{
    /// <summary>
    /// The interface <paramref name="item"/> of <paramref name="type"/> with the signatures of its procedure; throws
    /// <see cref="AppCodeException"/> naming the procedure, method and type when C components cannot pass a type.
    /// </summary>
    public static CProcedureInterface Of(ComponentType type, InterfaceDeclaration item, IReadOnlyList<ProcedureType> procedures)
    {
        var procedure = procedures.FirstOrDefault(p => p.Name == item.TypeName)
            ?? throw new AppCodeException($"component type {type.Name} ({item.Location}): interface '{item.Name}' uses procedure {item.TypeName}, " +
                "whose signatures were not given to the C glue (pass the compilation's Procedures)");
        return new CProcedureInterface(item.Name, procedure.Name, [.. procedure.Signatures.Select(m => Method(type, procedure, m))]);
    }

    private static CMethod Method(ComponentType type, ProcedureType procedure, MethodDeclaration method)
    {
        CType Supported(string adl, bool isArray, string what)
        {
            var found = isArray ? null : CProcedureTypes.Find(adl);
            return found ?? throw new AppCodeException(
                $"component type {type.Name}: procedure {procedure.Name} ({procedure.Location}), method {method.Name}: {what} has type " +
                $"{adl}{(isArray ? "[]" : "")}, which C components do not support (supported: {CProcedureTypes.Supported}; no arrays or structs); " +
                "change the procedure or write this component in C#");
        }
        var result = method.ReturnType is { } r ? Supported(r, false, "the return value") : null;
        var parameters = method.Parameters.Select(p => new CParameter(p.Name, p.Direction, Supported(p.TypeName, p.IsArray, $"parameter '{p.Name}'"))).ToList();
        return new CMethod(method.Name, ProcedureNames.CSharp(method.Name), result, parameters);
    }
}
