using System.Text.Json;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Adl.Output;

/// <summary>Writes the <c>guests</c> array of the JSON schema (docs/adl-json.md): one object per guest.</summary>
internal static class GuestJsonWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<GuestConfiguration> guests)
    {
        writer.WriteStartArray("guests");
        foreach (var guest in guests)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", guest.Index);
            writer.WriteString("instance", guest.InstanceName);
            writer.WriteString("component", guest.ComponentName);
            writer.WriteNumber("guest_ram_mb", guest.GuestRamMb);
            writer.WriteString("kernel_cmdline", guest.KernelCmdline);
            writer.WriteString("kernel_image", guest.KernelImage);
            WriteOptional(writer, "kernel_relocs", guest.KernelRelocs);
            WriteOptional(writer, "initrd_image", guest.InitrdImage);
            writer.WriteNumber("iospace_domain", guest.IospaceDomain);
            WritePassthrough(writer, guest.Passthrough);
            WriteDataports(writer, guest.Dataports);
            WriteEvents(writer, "emitted_events", guest.EmittedEvents);
            WriteEvents(writer, "consumed_events", guest.ConsumedEvents);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WritePassthrough(Utf8JsonWriter writer, GuestPassthrough passthrough)
    {
        writer.WriteStartObject("passthrough");
        writer.WriteBoolean("pci_devices_iospace", passthrough.PciDevicesIospace);
        writer.WriteStartArray("ioports");
        foreach (var range in passthrough.IoPorts)
        {
            writer.WriteStartObject();
            writer.WriteNumber("start", range.Start);
            writer.WriteNumber("end", range.End);
            if (range.PciDevice is { } device)
            {
                writer.WriteNumber("pci_device", device);
            }
            else
            {
                writer.WriteNull("pci_device");
            }
            writer.WriteString("name", range.Name);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WritePciDevices(writer, passthrough.PciDevices);
        WriteIrqs(writer, passthrough.Irqs);
        writer.WriteEndObject();
    }

    private static void WritePciDevices(Utf8JsonWriter writer, IReadOnlyList<PciPassthroughDevice> devices)
    {
        writer.WriteStartArray("pci_devices");
        foreach (var device in devices)
        {
            writer.WriteStartObject();
            writer.WriteString("name", device.Name);
            writer.WriteNumber("bus", device.Bus);
            writer.WriteNumber("dev", device.Device);
            writer.WriteNumber("fun", device.Function);
            writer.WriteString("irq", device.Irq);
            writer.WriteStartArray("memory");
            foreach (var region in device.Memory)
            {
                writer.WriteStartObject();
                writer.WriteNumber("paddr", region.PhysicalAddress);
                writer.WriteNumber("size", region.Size);
                writer.WriteNumber("page_bits", region.PageBits);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteIrqs(Utf8JsonWriter writer, IReadOnlyList<IrqRoute> irqs)
    {
        writer.WriteStartArray("irqs");
        foreach (var irq in irqs)
        {
            writer.WriteStartObject();
            writer.WriteString("name", irq.Name);
            writer.WriteNumber("ioapic", irq.Ioapic);
            writer.WriteNumber("source", irq.Source);
            writer.WriteBoolean("level_trig", irq.LevelTriggered);
            writer.WriteBoolean("active_low", irq.ActiveLow);
            writer.WriteNumber("dest", irq.Dest);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteDataports(Utf8JsonWriter writer, IReadOnlyList<CrossVmDataport> dataports)
    {
        writer.WriteStartArray("dataports");
        foreach (var dataport in dataports)
        {
            writer.WriteStartObject();
            writer.WriteString("interface", dataport.Interface);
            writer.WriteNumber("id", dataport.Id);
            writer.WriteNumber("size", dataport.Size);
            WriteOptional(writer, "connection", dataport.Connection);
            WriteOptional(writer, "connector", dataport.Connector);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteEvents(Utf8JsonWriter writer, string name, IReadOnlyList<CrossVmEvent> events)
    {
        writer.WriteStartArray(name);
        foreach (var item in events)
        {
            writer.WriteStartObject();
            writer.WriteString("interface", item.Interface);
            writer.WriteNumber("id", item.Id);
            writer.WriteString("event_type", item.EventType);
            WriteOptional(writer, "connection", item.Connection);
            WriteOptional(writer, "connector", item.Connector);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
