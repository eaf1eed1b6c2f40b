using System.Text.Json;
using CamkesVm.Adl.Output;
using CamkesVm.Adl.Tests.Seed;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Adl.Tests.Output;

/// <summary>The JSON form of a resolved assembly (schema camkes-vm/adl-assembly/1, docs/adl-json.md).</summary>
public sealed class AssemblyJsonWriterTests
{
    private static JsonElement Render(string spec)
    {
        var result = AdlCompiler.CompileFile(spec);
        var guests = result.Assembly is { } assembly ? GuestConfigurationReader.Read(assembly) : null;
        return JsonDocument.Parse(AssemblyJsonWriter.Write("vm.camkes", result, guests)).RootElement;
    }

    [Fact]
    public void Cross_vm_app_lists_instances_connections_settings_and_guest()
    {
        using var app = SeedApp.Create(SeedStage.CrossVm);
        var json = Render(app.Spec);
        Assert.Equal(AssemblyJsonWriter.Schema, json.GetProperty("schema").GetString());
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal(0, json.GetProperty("diagnostics").GetArrayLength());
        var vm0 = json.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "vm.vm0");
        Assert.Equal("Init0", vm0.GetProperty("component").GetString());
        Assert.True(vm0.GetProperty("control").GetBoolean());
        var data = vm0.GetProperty("interfaces").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "data");
        Assert.Equal(("dataport", "Buf(4096)", 4096), (data.GetProperty("kind").GetString(), data.GetProperty("type").GetString(), data.GetProperty("size").GetInt32()));

        var connection = json.GetProperty("connections").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "vm.conn_data");
        Assert.Equal("seL4SharedDataWithCaps", connection.GetProperty("connector").GetString());
        var from = connection.GetProperty("from").EnumerateArray().Single();
        var to = connection.GetProperty("to").EnumerateArray().Single();
        Assert.Equal(("vm.print_server", "data"), (from.GetProperty("instance").GetString(), from.GetProperty("interface").GetString()));
        Assert.Equal(("vm.vm0", "data", "dataport"), (to.GetProperty("instance").GetString(), to.GetProperty("interface").GetString(), to.GetProperty("kind").GetString()));

        var settings = json.GetProperty("settings").GetProperty("vm.vm0");
        Assert.Equal(128, settings.GetProperty("guest_ram_mb").GetInt32());
        Assert.Equal(1, settings.GetProperty("data_id").GetInt32());
        Assert.Equal("bzimage", settings.GetProperty("kernel_image").GetString());
        Assert.Equal("SEL4_BOOTINFO_HEADER_X86_TSC_FREQ",
            json.GetProperty("settings").GetProperty("vm.time_server").GetProperty("simple_extra_bootinfo")[0].GetString());

        var guest = json.GetProperty("guests").EnumerateArray().Single();
        Assert.Equal(("vm.vm0", 128), (guest.GetProperty("instance").GetString(), guest.GetProperty("guest_ram_mb").GetInt32()));
        Assert.Equal(("data", 1, 4096), (guest.GetProperty("dataports")[0].GetProperty("interface").GetString(),
            guest.GetProperty("dataports")[0].GetProperty("id").GetInt32(), guest.GetProperty("dataports")[0].GetProperty("size").GetInt32()));
        Assert.Equal("do_print", guest.GetProperty("emitted_events")[0].GetProperty("interface").GetString());
    }

    [Fact]
    public void Dict_settings_become_objects()
    {
        using var app = SeedApp.Create(SeedStage.Ethernet);
        var json = Render(app.Spec);
        var irqs = json.GetProperty("settings").GetProperty("vm.vm0_config").GetProperty("irqs");
        Assert.Equal(("Ethernet5", 0x11, 10), (irqs[1].GetProperty("name").GetString(), irqs[1].GetProperty("source").GetInt32(), irqs[1].GetProperty("dest").GetInt32()));
        var nic = json.GetProperty("guests")[0].GetProperty("passthrough").GetProperty("pci_devices")[1];
        Assert.Equal(0xc0520000L, nic.GetProperty("memory")[1].GetProperty("paddr").GetInt64());
        Assert.Equal("warning", json.GetProperty("diagnostics")[0].GetProperty("severity").GetString());
    }

    [Fact]
    public void Failed_spec_has_positioned_diagnostics_and_no_assembly()
    {
        var folder = Directory.CreateTempSubdirectory("camkes-json-").FullName;
        try
        {
            var spec = Path.Combine(folder, "bad.camkes");
            File.WriteAllText(spec, "component A { control; }\nassembly { composition { component B b; } }\n");
            var json = Render(spec);
            Assert.False(json.GetProperty("ok").GetBoolean());
            var error = json.GetProperty("diagnostics")[0];
            Assert.Equal(("error", "s4", 2, 36), (error.GetProperty("severity").GetString(), error.GetProperty("stage").GetString(),
                error.GetProperty("line").GetInt32(), error.GetProperty("column").GetInt32()));
            Assert.False(json.TryGetProperty("instances", out _));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
