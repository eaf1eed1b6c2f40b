using CamkesVm.Adl.Model;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Diagnostics;

public sealed partial class DiagnosticBag
{
    internal void ReportGuestSettingMissing(SourceLocation where, string target, string purpose, string example) =>
        Error(where, $"{target} is not set, but the VMM needs {purpose}; add '{example}' to the configuration");

    internal void ReportGuestSettingType(SourceLocation where, string target, string expected, AdlValue value) =>
        Error(where, $"{target} must be {expected}, but its value {value} is of type {value.TypeName}");

    internal void ReportGuestValue(SourceLocation where, string target, string problem) =>
        Error(where, $"{target}: {problem}");

    internal void ReportGuestInstanceName(SourceLocation where, string instance, string component, string expected) =>
        Warning(where, $"instance {instance} of {component} is a guest VMM, which camkes-vm names {expected}; the VM_PER_VM_* macros use that name");

    internal void ReportDuplicateGuest(SourceLocation where, string component, string first) =>
        Error(where, $"component {component} is instantiated twice (first as {first}); each guest N needs its own component Init<N>");

    internal void ReportPassthroughTwice(SourceLocation where, string first, string second) =>
        Error(where, $"passthrough is configured twice, as {first} and as {second}; keep one of them");

    internal void ReportNoGuests(SourceLocation where) =>
        Warning(where, "the spec declares no guest: no instance of a component named Init<N> (write 'component Init0 { VM_INIT_DEF() }' and VM_PER_VM_COMP_DEF(0))");
}
