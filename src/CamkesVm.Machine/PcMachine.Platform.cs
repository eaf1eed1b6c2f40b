namespace CamkesVm.Machine;

/// <summary>The platform devices of the PC (wired in as the device layer lands).</summary>
public sealed partial class PcMachine
{
    /// <summary>Guest-physical address of the ACPI RSDP (0: no ACPI tables).</summary>
    public uint AcpiRsdp { get; private set; }

    private void BuildPlatform() { }

    private void ServiceDevices() { }

    /// <summary>Bytes typed by the user for COM1 (thread-safe).</summary>
    public void SendSerialInput(byte[] data) => _wake.Set();
}
