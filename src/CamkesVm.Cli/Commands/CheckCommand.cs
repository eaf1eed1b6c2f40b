using CamkesVm.Machine.Devices.Storage;
using System.CommandLine;
using CamkesVm.Adl;
using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Output;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// <c>camkes-vm check &lt;spec&gt; [-I dir]… [-D NAME[=VALUE]]… [--json] [--platform cma34cr]</c>: compiles a CAmkES
/// spec and prints its diagnostics (exit 1 on errors) and a short summary, or with <c>--json</c> the resolved
/// assembly in the schema of docs/adl-json.md. The built-in library needs no <c>-I</c>. Passthrough entries are
/// checked against the board named by <c>--platform</c> (<see cref="PassthroughBoardCheck"/>); without it, against
/// the cma34cr in the SATA mode the entries fit (as <c>run</c> picks the mode from the granted ranges).
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The top-level .camkes spec (e.g. apps/cma34cr_minimal/vm.camkes), or an app folder (its vm.camkes)" };
        var include = new Option<string[]>("--include", "-I") { Description = "Add a folder to the #include / import search path (repeatable)" };
        var define = new Option<string[]>("--define", "-D") { Description = "Predefine a macro as with cpp -D NAME[=VALUE] (repeatable)" };
        var json = new Option<bool>("--json") { Description = "Print the resolved assembly as JSON (schema: docs/adl-json.md)" };
        var platform = LspciPlatform.CreateOption();
        var command = new Command("check", "Compile a CAmkES ADL spec: report positioned errors, or summarise the resolved assembly");
        command.Arguments.Add(spec);
        command.Options.Add(include);
        command.Options.Add(define);
        command.Options.Add(json);
        command.Options.Add(platform);
        command.SetAction(parse => Run(
            parse.GetValue(spec)!, parse.GetValue(include) ?? [], parse.GetValue(define) ?? [], parse.GetValue(json), Console.Out, Console.Error,
            parse.GetResult(platform) is { Implicit: false } ? parse.GetValue(platform) : null));
        return command;
    }

    /// <summary>Compiles and reports; returns the exit code (0 ok, 1 errors).</summary>
    public static int Run(string spec, string[] includes, string[] defines, bool json, TextWriter output, TextWriter errors,
        string? platform = null)
    {
        PassthroughPlatform board;
        try
        {
            board = LspciPlatform.ToCheckPlatform(LspciPlatform.Find(platform ?? LspciPlatform.Default));
        }
        catch (ArgumentException e)
        {
            errors.WriteLine($"camkes-vm check: {e.Message}");
            return 2;
        }
        if (Directory.Exists(spec))
        {
            try { spec = AppSpec.FindSpec(spec); }
            catch (BootPlanException e)
            {
                errors.WriteLine($"camkes-vm check: {e.Message}");
                return 2;
            }
        }
        var options = new CompileOptions { IncludeDirectories = includes, Defines = [.. defines.Select(ParseDefine)] };
        var result = AdlCompiler.CompileFile(spec, options);
        var guests = result.Assembly is { } resolved ? GuestConfigurationReader.Read(resolved) : null;
        var boardFindings = guests is null ? [] : PassthroughBoardCheck.Check(guests, board);
        if (guests is not null && platform is null && boardFindings.Any(d => d.IsError))
        {
            var other = LspciPlatform.OtherSataMode(LspciPlatform.Default);
            var inOtherMode = PassthroughBoardCheck.Check(guests, LspciPlatform.ToCheckPlatform(LspciPlatform.Find(other)));
            if (!inOtherMode.Any(d => d.IsError))
            {
                errors.WriteLine($"note: checked against --platform {other}: the passthrough entries are those of the SATA controller in IDE mode");
                boardFindings = inOtherMode;
            }
        }
        foreach (var diagnostic in result.Diagnostics.Concat(guests?.Diagnostics ?? []).Concat(boardFindings))
        {
            errors.WriteLine(DiagnosticFormatter.Format(diagnostic));
        }
        if (guests is not null && boardFindings.Any(d => d.IsError))
        {
            var other = LspciPlatform.OtherSataMode(platform ?? LspciPlatform.Default);
            if (!PassthroughBoardCheck.Check(guests, LspciPlatform.ToCheckPlatform(LspciPlatform.Find(other))).Any(d => d.IsError))
            {
                errors.WriteLine($"note: the passthrough entries fit --platform {other} (the same board with the SATA controller in the other BIOS mode)");
            }
        }
        if (json)
        {
            output.WriteLine(AssemblyJsonWriter.Write(spec, result, guests));
        }
        else if (result.Assembly is { } assembly)
        {
            WriteSummary(output, spec, assembly, guests!, result.Diagnostics.Count(d => !d.IsError));
        }
        else
        {
            errors.WriteLine($"{spec}: {result.Diagnostics.Count(d => d.IsError)} error(s)");
        }
        return result.Succeeded && guests!.Succeeded && !boardFindings.Any(d => d.IsError) ? 0 : 1;
    }

    private static KeyValuePair<string, string?> ParseDefine(string text)
    {
        var equals = text.IndexOf('=');
        return equals < 0 ? new(text, null) : new(text[..equals], text[(equals + 1)..]);
    }

    private static void WriteSummary(TextWriter output, string spec, ResolvedAssembly assembly, GuestConfigurationSet guests, int warnings)
    {
        output.WriteLine($"{spec}: ok: {assembly.Instances.Count} instances, {assembly.Connections.Count} connections, "
            + $"{assembly.Settings.Count} settings, {warnings} warning(s)");
        output.WriteLine("instances:");
        foreach (var instance in assembly.Instances)
        {
            output.WriteLine($"  {instance.Name} : {instance.Component.Name}");
        }
        output.WriteLine("connections:");
        foreach (var connection in assembly.Connections)
        {
            output.WriteLine($"  {connection.Name} : {connection.Connector.Name} "
                + $"({string.Join(", ", connection.From)} -> {string.Join(", ", connection.To)})");
        }
        foreach (var guest in guests.Guests)
        {
            output.WriteLine($"guest {guest.Index} ({guest.InstanceName}): {guest.GuestRamMb} MiB RAM, kernel {guest.KernelImage}, "
                + $"initrd {guest.InitrdImage ?? "(none)"}, {guest.Passthrough.PciDevices.Count} PCI passthrough device(s), "
                + $"{guest.Dataports.Count} cross-VM dataport(s), {guest.EmittedEvents.Count + guest.ConsumedEvents.Count} cross-VM event(s)");
            output.WriteLine($"  cmdline: {guest.KernelCmdline}");
        }
    }
}
