using System.Text;

namespace CamkesVm.Runtime.CGlue;

/// <summary>
/// The C text of procedures (reference camkes_adl.md §5.1): <c>&lt;ret&gt; &lt;iface&gt;_&lt;method&gt;(&lt;params&gt;)</c> with
/// <c>in</c> scalars by value, <c>in string</c> as <c>const char *</c>, <c>out</c>/<c>inout</c> as <c>T *</c> (strings
/// <c>char **</c>), <c>refin</c> as <c>const T *</c>, a <c>string</c> result as <c>char *</c>. Values cross in an array
/// of <c>camkes_rpc_slot</c> (slot 0 the result, slot k parameter k). Strings follow the original's ownership: a string a
/// caller receives (result, <c>out</c>, <c>inout</c>) is heap memory it frees, and an <c>inout</c> string it passes is
/// freed and replaced; a server's <c>in</c> strings are valid during the call only, its <c>inout</c> string is a heap
/// copy it may free and replace, and the strings it hands back are freed by the glue.
/// </summary>
internal static class ProcedureGlueWriter
{
    /// <summary>The prototypes for <c>camkes.h</c>, and the weak <c>&lt;iface&gt;__init</c> of provided interfaces.</summary>
    public static void WriteDeclarations(StringBuilder h, CGlueLayout layout)
    {
        foreach (var method in layout.Uses.Concat(layout.Provides).SelectMany(i => i.Methods.Select(m => (i, m))))
        {
            h.Append(Prototype(method.i, method.m)).Append(";\n");
        }
        foreach (var provided in layout.Provides)
        {
            h.Append($"void {provided.Name}__init(void) WEAK;\n");
        }
    }

    /// <summary>The client functions, the served methods' table and <c>camkes_glue_interfaces_init</c>.</summary>
    public static void WriteGlue(StringBuilder c, CGlueLayout layout)
    {
        foreach (var (used, u) in layout.Uses.Select((x, i) => (x, i)))
        {
            foreach (var (method, m) in used.Methods.Select((x, i) => (x, i)))
            {
                WriteClient(c, used, method, u, m);
            }
        }
        var served = new List<string>();
        foreach (var provided in layout.Provides)
        {
            foreach (var method in provided.Methods)
            {
                served.Add(WriteServer(c, provided, method));
            }
        }
        c.Append("static void (*const camkes_served[])(camkes_rpc_slot *) = { ");
        c.Append(string.Concat(served.Select(s => s + ", "))).Append("NULL };\n");
        c.Append("GLUE_EXPORT void camkes_glue_serve(int index, camkes_rpc_slot *v) { camkes_served[index](v); }\n");
        c.Append("static void camkes_glue_interfaces_init(void) {\n");
        foreach (var provided in layout.Provides)
        {
            c.Append($"    if ({provided.Name}__init) {provided.Name}__init();\n");
        }
        c.Append("}\n");
    }

    private static string Prototype(CProcedureInterface iface, CMethod method)
    {
        var result = method.Return?.C ?? "void";
        var parameters = method.Parameters.Count == 0 ? "void" : string.Join(", ", method.Parameters.Select(Declare));
        return $"{result}{(result.EndsWith('*') ? "" : " ")}{iface.Name}_{method.Name}({parameters})";
    }

    private static string Declare(CParameter p) => (p.Direction, p.Type.Field == SlotField.String) switch
    {
        ("in", true) => $"const char *{p.Name}",
        ("in", false) => $"{p.Type.C} {p.Name}",
        (_, true) => $"char **{p.Name}",
        ("refin", false) => $"const {p.Type.C} *{p.Name}",
        _ => $"{p.Type.C} *{p.Name}",
    };

    private static void WriteClient(StringBuilder c, CProcedureInterface iface, CMethod method, int ifaceIndex, int methodIndex)
    {
        c.Append(Prototype(iface, method)).Append(" {\n");
        c.Append($"    camkes_rpc_slot v[{method.Parameters.Count + 1}];\n    memset(v, 0, sizeof v);\n");
        foreach (var (p, k) in Numbered(method))
        {
            if (p.IsInput)
            {
                c.Append($"    v[{k}].{p.Type.Member} = {Store(p.Type, p.IsPointer ? "*" + p.Name : p.Name)};\n");
            }
        }
        c.Append($"    ops->rpc_call(self, {ifaceIndex}, {methodIndex}, v);\n");
        foreach (var (p, k) in Numbered(method).Where(x => x.P.IsOutput))
        {
            c.Append(p.Type.Field == SlotField.String
                ? $"    {(p.Direction == "inout" ? $"free(*{p.Name}); " : "")}*{p.Name} = v[{k}].m;\n"
                : $"    *{p.Name} = ({p.Type.C})v[{k}].{p.Type.Member};\n");
        }
        if (method.Return is { } r)
        {
            c.Append(r.Field == SlotField.String ? "    return v[0].m;\n" : $"    return ({r.C})v[0].{r.Member};\n");
        }
        c.Append("}\n");
    }

    /// <summary>A static function that unpacks the slots, calls the component's definition and packs the results; returns its name.</summary>
    private static string WriteServer(StringBuilder c, CProcedureInterface iface, CMethod method)
    {
        var name = $"camkes_serve_{iface.Name}_{method.Name}";
        c.Append($"static void {name}(camkes_rpc_slot *v) {{\n");
        var arguments = new List<string>();
        foreach (var (p, k) in Numbered(method))
        {
            if (!p.IsPointer)
            {
                arguments.Add(p.Type.Field == SlotField.String ? $"v[{k}].s" : $"({p.Type.C})v[{k}].{p.Type.Member}");
                continue;
            }
            c.Append("    ").Append(Local(p, k)).Append(";\n");
            arguments.Add($"&p{k}");
        }
        c.Append("    ");
        if (method.Return is { } r)
        {
            c.Append(r.Field == SlotField.String ? "v[0].m = " : $"v[0].{r.Member} = ");
        }
        var call = $"{iface.Name}_{method.Name}({string.Join(", ", arguments)})";
        c.Append(method.Return is { } ret && ret.Field != SlotField.String ? Store(ret, call) : call).Append(";\n");
        foreach (var (p, k) in Numbered(method).Where(x => x.P.IsOutput))
        {
            c.Append(p.Type.Field == SlotField.String ? $"    v[{k}].m = p{k};\n" : $"    v[{k}].{p.Type.Member} = {Store(p.Type, $"p{k}")};\n");
        }
        c.Append("}\n");
        return name;
    }

    /// <summary>The server's local for a pointer parameter: zero for <c>out</c>, else the caller's value (strings: a heap copy for <c>inout</c>).</summary>
    private static string Local(CParameter p, int k) => (p.Direction, p.Type.Field == SlotField.String) switch
    {
        ("out", true) => $"char *p{k} = NULL",
        ("inout", true) => $"char *p{k} = v[{k}].s ? strdup(v[{k}].s) : NULL",
        (_, true) => $"char *p{k} = (char *)v[{k}].s",
        ("out", false) => $"{p.Type.C} p{k} = 0",
        _ => $"{p.Type.C} p{k} = ({p.Type.C})v[{k}].{p.Type.Member}",
    };

    /// <summary>A C <c>char</c> goes into the unsigned slot as its byte (the C# side's <c>byte</c>), whatever the signedness of char.</summary>
    private static string Store(CType type, string value) => type.C == "char" ? $"(unsigned char)({value})" : value;

    private static IEnumerable<(CParameter P, int K)> Numbered(CMethod method) => method.Parameters.Select((p, i) => (p, i + 1));
}
