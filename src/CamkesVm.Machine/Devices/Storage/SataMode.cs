namespace CamkesVm.Machine.Devices.Storage;

/// <summary>The SATA controller's mode as the BIOS sets it (the seed's "AHCI or IDE").</summary>
public enum SataMode
{
    /// <summary>AHCI: class 01h/06h/01h, registers in the ABAR memory BAR (Linux <c>ahci</c>).</summary>
    Ahci,
    /// <summary>Legacy IDE in native PCI mode: class 01h/01h/8Fh, task files in I/O BARs 0-3, Bus Master IDE in BAR4 (Linux <c>ata_piix</c>).</summary>
    Ide,
}
