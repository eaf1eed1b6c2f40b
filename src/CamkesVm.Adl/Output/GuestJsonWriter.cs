using System.Text.Json;
using CamkesVm.Adl.Vm;

namespace CamkesVm.Adl.Output;

/// <summary>Writes the <c>guests</c> array of the JSON schema (docs/adl-json.md): one object per guest.</summary>
internal static class GuestJsonWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<GuestConfiguration> guests) =>
        writer.WriteObjects("guests", guests, guest =>
        {
            writer.WriteNumber("index", guest.Index);
            writer.WriteString("instance", guest.InstanceName);
            writer.WriteString("component", guest.ComponentName);
            writer.WriteNumber("guest_ram_mb", guest.GuestRamMb);
            writer.WriteString("kernel_cmdline", guest.KernelCmdline);
            writer.WriteString("kernel_image", guest.KernelImage);
            writer.WriteStringOrNull("kernel_relocs", guest.KernelRelocs);
            writer.WriteStringOrNull("initrd_image", guest.InitrdImage);
            writer.WriteNumber("iospace_domain", guest.IospaceDomain);
            WritePassthrough(writer, guest.Passthrough);
            writer.WriteObjects("dataports", guest.Dataports, dataport =>
            {
                writer.WriteString("interface", dataport.Interface);
                writer.WriteNumber("id", dataport.Id);
                writer.WriteNumber("size", dataport.Size);
                writer.WriteStringOrNull("connection", dataport.Connection);
                writer.WriteStringOrNull("connector", dataport.Connector);
            });
            WriteEvents(writer, "emitted_events", guest.EmittedEvents);
            WriteEvents(writer, "consumed_events", guest.ConsumedEvents);
        });

    private static void WritePassthrough(Utf8JsonWriter writer, GuestPassthrough passthrough)
    {
        writer.WriteStartObject("passthrough");
        writer.WriteBoolean("pci_devices_iospace", passthrough.PciDevicesIospace);
        writer.WriteObjects("ioports", passthrough.IoPorts, range =>
        {
            writer.WriteNumber("start", range.Start);
            writer.WriteNumber("end", range.End);
            writer.WritePropertyName("pci_device");
            if (range.PciDevice is { } device)
            {
                writer.WriteNumberValue(device);
            }
            else
            {
                writer.WriteNullValue();
            }
            writer.WriteString("name", range.Name);
        });
        writer.WriteObjects("pci_devices", passthrough.PciDevices, device =>
        {
            writer.WriteString("name", device.Name);
            writer.WriteNumber("bus", device.Bus);
            writer.WriteNumber("dev", device.Device);
            writer.WriteNumber("fun", device.Function);
            writer.WriteString("irq", device.Irq);
            writer.WriteObjects("memory", device.Memory, region =>
            {
                writer.WriteNumber("paddr", region.PhysicalAddress);
                writer.WriteNumber("size", region.Size);
                writer.WriteNumber("page_bits", region.PageBits);
            });
        });
        writer.WriteObjects("irqs", passthrough.Irqs, irq =>
        {
            writer.WriteString("name", irq.Name);
            writer.WriteNumber("ioapic", irq.Ioapic);
            writer.WriteNumber("source", irq.Source);
            writer.WriteBoolean("level_trig", irq.LevelTriggered);
            writer.WriteBoolean("active_low", irq.ActiveLow);
            writer.WriteNumber("dest", irq.Dest);
        });
        writer.WriteEndObject();
    }

    private static void WriteEvents(Utf8JsonWriter writer, string name, IReadOnlyList<CrossVmEvent> events) =>
        writer.WriteObjects(name, events, item =>
        {
            writer.WriteString("interface", item.Interface);
            writer.WriteNumber("id", item.Id);
            writer.WriteString("event_type", item.EventType);
            writer.WriteStringOrNull("connection", item.Connection);
            writer.WriteStringOrNull("connector", item.Connector);
        });
}
