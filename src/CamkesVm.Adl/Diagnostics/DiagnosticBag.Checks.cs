using CamkesVm.Adl.Model;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Diagnostics;

public sealed partial class DiagnosticBag
{
    internal void ReportNoInstances(SourceLocation where) =>
        Error(where, "no instances declared in assembly: add at least one 'component Type name;' to the composition");

    internal void ReportUnconnected(SourceLocation where, string instance, string iface) =>
        Error(where, $"non-optional interface {instance}.{iface} is not connected; connect it or declare it with 'maybe'");

    internal void ReportDuplicateInterfaceUse(SourceLocation where, string end) =>
        Error(where, $"duplicate use of interface {end} (deprecated form of N-way connections?): an interface may appear on only one side of a connection");

    internal void ReportNoEnds(SourceLocation where, string connection, string side) =>
        Error(where, $"connection '{connection}' has no {side} ends");

    internal void ReportTooManyEnds(SourceLocation where, string connection, string side, string connector) =>
        Error(where, $"connection '{connection}' has multiple {side} ends but its connector type ({connector}) only permits one");

    internal void ReportConflictingTypes(SourceLocation where, string connection, IEnumerable<string> types) =>
        Error(where, $"multiple conflicting types for the interfaces of connection '{connection}': {string.Join(", ", types)}");

    internal void ReportWrongDirection(SourceLocation where, string connection, string end, string side) =>
        Error(where, $"connection '{connection}' has an end {end} that cannot be used as '{side}' ("
            + (side == "from" ? "from ends are uses, emits or dataport interfaces)" : "to ends are provides, consumes or dataport interfaces)"));

    internal void ReportWrongKind(SourceLocation where, string connection, string connector, string side, string needed, string end) =>
        Error(where, $"connection '{connection}' has a type '{connector}' that is intended for connecting {side} {needed}, but end {end} is not "
            + NeededInterface(side, needed));

    private static string NeededInterface(string side, string needed) => (side, needed) switch
    {
        ("from", "events") => "an emitted event",
        ("to", "events") => "a consumed event",
        ("from", "procedures") => "a used procedure",
        ("to", "procedures") => "a provided procedure",
        _ => "a dataport",
    };

    internal void ReportHardwareMismatch(SourceLocation where, string connection, string connector, string side, bool hardwareWanted, string end) =>
        Error(where, $"connection '{connection}' has a type '{connector}' that is intended for connecting {side} "
            + (hardwareWanted ? $"hardware devices, but end {end} refers to a software component" : $"software components, but end {end} refers to a hardware device"));

    internal void ReportControlAndHardware(SourceLocation where, string component) =>
        Error(where, $"component {component} is illegally defined as being both a control component and a hardware device");

    internal void ReportHardwareWithSync(SourceLocation where, string component, string what) =>
        Error(where, $"component {component} is illegally defined as a hardware device that also has {what}");

    internal void ReportDuplicateEntity(SourceLocation where, string name, string kind, SourceLocation previous) =>
        Error(where, $"duplicate entity '{name}' defined, collides with {kind} at {previous.FileAndLine}");

    internal void ReportCKeyword(SourceLocation where, string what, string name) =>
        Error(where, $"{what} name '{name}' clashes with a C keyword; rename it");

    internal void ReportMistyped(SourceLocation where, string target, string type, AdlValue value) =>
        Error(where, $"mistyped assignment of attribute {target} of type {type}: the value {value} is of type {value.TypeName}");

    internal void ReportMissingStructField(SourceLocation where, string target, string structure, string field) =>
        Error(where, $"attribute {target} of type {structure} needs a value for field '{field}', which has no default");

    internal void ReportExtraStructField(SourceLocation where, string target, string structure, string field) =>
        Warning(where, $"attribute {target} of type {structure} has no field '{field}'; the value is ignored");

    internal void ReportDuplicateSetting(SourceLocation where, string target) =>
        Error(where, $"duplicate setting for attribute '{target}'");

    internal void ReportUndeclaredAttribute(SourceLocation where, string instance, string component, string attribute) =>
        Warning(where, $"setting {instance}.{attribute}: component {component} declares no attribute '{attribute}'; check the spelling or add 'attribute <type> {attribute};'");

    internal void ReportUnknownInstance(SourceLocation where, string instance, string attribute) =>
        Warning(where, $"setting {instance}.{attribute}: there is no instance or connection named '{instance}', so the setting has no effect");
}
