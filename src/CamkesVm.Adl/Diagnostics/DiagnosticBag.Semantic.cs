using CamkesVm.Adl.Syntax;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Diagnostics;

public sealed partial class DiagnosticBag
{
    internal void ReportImportNotFound(Token where, string path, bool angle, IReadOnlyList<string> searched) =>
        Error(where, $"import '{path}' not found" + (angle
            ? $" in the import path ({(searched.Count == 0 ? "no -I folders" : string.Join(", ", searched))}) or the built-in library; add its folder with -I"
            : " next to the importing file; check the relative path"));

    internal void ReportInvalidNumber(Token where, string problem) => Error(where, problem);

    internal void ReportArithmetic(Token where, string problem) => Error(where, problem);

    internal void ReportIllegalDataportSize(Token where, string size) =>
        Error(where, $"illegal value for dataport size: Buf({size}); the size must be a positive integer");

    internal void ReportIllegalThreads(Token where, string value) =>
        Error(where, $"illegal thread value {value}: a connector end needs a non-negative integer number of threads");

    internal void ReportCompositionReference(Token where, string kind) =>
        Error(where, $"'{kind} NAME;' references inside an assembly are not supported (camkes-tool fails on them too); write the {kind} block inline");

    internal void ReportIllegalExportSource(Token where) =>
        Error(where, "illegal source in export statement: it must be a qualified reference like \"instance.interface\"");

    internal void ReportDuplicateDefinition(Token where, string kind, SourceLocation previous) =>
        Error(where, $"duplicate definition of {kind} '{where.Text}'; previous definition was at {previous.FileAndLine}");

    internal void ReportUnknownReference(Token where, string name, string expectedKind, IReadOnlyList<(string Kind, SourceLocation Location)> others) =>
        Error(where, $"unknown reference to '{name}'" + (others.Count == 0
            ? $": no {expectedKind} of that name is defined before this point"
            : $": a {expectedKind} is needed here, but '{name}' is " + string.Join(", ", others.Select(o => $"a {o.Kind} (defined at {o.Location.FileAndLine})"))));

    internal void ReportExportOutsideComponent(Token where) =>
        Error(where, "export is only allowed in the composition of a component (it makes an inner interface visible on the outer one)");

    internal void ReportNoAssembly(SourceLocation where) =>
        Error(where, "no assembly found in input specification: add 'assembly { composition { … } }'");

    internal void ReportUnknownQuery(SourceLocation where, string name) =>
        Error(where, $"unknown query {name}: camkes-vm runs no query plugins; write the value the query would give instead");

    internal void ReportReferenceLoop(SourceLocation where, string chain) =>
        Error(where, $"Loop detected in attribute references: {chain}<-...");

    internal void ReportReferenceToMultiplySet(SourceLocation where, string target) =>
        Error(where, $"setting refers to an attribute that is set multiple times: {target}");

    internal void ReportBadReferenceKey(SourceLocation where, string target, string key) =>
        Error(where, $"attribute reference {target}: the value has no element {key}");

    internal void ReportUnqualifiedReference(SourceLocation where, string name) =>
        Error(where, $"attribute reference '{name}' must name an instance and an attribute (instance.attribute) outside a component's configuration");

    internal void ReportMultipleConnectors(SourceLocation where, string connection, IEnumerable<string> connectors) =>
        Error(where, $"Multiple connectors used in connections involving {connection}: {string.Join(", ", connectors)}; connections that share an end are merged and must use the same connector");
}
