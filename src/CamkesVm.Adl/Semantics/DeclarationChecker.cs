using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Syntax.Nodes;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Semantics;

/// <summary>Stage s10 checks of declarations: component flags, duplicate members, C keyword names.</summary>
internal sealed class DeclarationChecker(DiagnosticBag diagnostics)
{
    public static readonly HashSet<string> CKeywords = new(StringComparer.Ordinal)
    {
        "asm", "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
        "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short",
        "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile",
        "while", "_Bool", "_Complex", "_Imaginary",
    };

    public void Check(IEnumerable<ComponentType> components, IEnumerable<ProcedureSyntax> procedures)
    {
        foreach (var component in components)
        {
            CheckFlags(component);
            CheckMembers(component);
        }
        foreach (var procedure in procedures)
        {
            CheckProcedure(procedure);
        }
    }

    private void CheckFlags(ComponentType component)
    {
        if (component.Control && component.Hardware)
        {
            diagnostics.ReportControlAndHardware(component.Location, component.Name);
        }
        if (component.Hardware && component.Synchronisation.Count > 0)
        {
            var kind = component.Synchronisation[0].Kind;
            diagnostics.ReportHardwareWithSync(component.Location, component.Name, kind == "mutex" ? "mutexes" : "semaphores");
        }
    }

    private void CheckMembers(ComponentType component)
    {
        var seen = new Dictionary<string, (string Kind, SourceLocation Location)>(StringComparer.Ordinal);
        var members = component.Interfaces.Select(i => (i.Name, Kind: i.Kind.ToString(), i.Location))
            .Concat(component.Attributes.Select(a => (a.Name, Kind: "Attribute", a.Location)))
            .Concat(component.Synchronisation.Select(s => (s.Name, s.Kind, s.Location)));
        foreach (var (name, kind, location) in members)
        {
            if (seen.TryGetValue(name, out var previous))
            {
                diagnostics.ReportDuplicateEntity(location, name, previous.Kind, previous.Location);
            }
            seen.TryAdd(name, (kind, location));
        }
        foreach (var attribute in component.Attributes.Where(a => CKeywords.Contains(a.Name)))
        {
            diagnostics.ReportCKeyword(attribute.Location, "attribute", attribute.Name);
        }
    }

    private void CheckProcedure(ProcedureSyntax procedure)
    {
        foreach (var method in procedure.Methods)
        {
            if (CKeywords.Contains(method.Name.Text))
            {
                diagnostics.ReportCKeyword(method.Name.Location, "method", method.Name.Text);
            }
            foreach (var parameter in method.Parameters.Where(p => CKeywords.Contains(p.Name.Text)))
            {
                diagnostics.ReportCKeyword(parameter.Name.Location, "parameter", parameter.Name.Text);
            }
        }
        foreach (var attribute in procedure.Attributes.Where(a => CKeywords.Contains(a.Name.Text)))
        {
            diagnostics.ReportCKeyword(attribute.Name.Location, "attribute", attribute.Name.Text);
        }
    }
}
