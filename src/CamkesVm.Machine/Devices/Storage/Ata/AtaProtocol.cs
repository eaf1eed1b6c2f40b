namespace CamkesVm.Machine.Devices.Storage.Ata;

/// <summary>How a command moves data (ACS-2 §7, "Protocol" of each command; AHCI 1.3 §5.3.x command flows).</summary>
public enum AtaProtocol
{
    /// <summary>No data phase; the drive completed it while decoding.</summary>
    NonData,
    /// <summary>PIO data-in (IDENTIFY, READ SECTORS/MULTIPLE).</summary>
    PioIn,
    /// <summary>PIO data-out (WRITE SECTORS/MULTIPLE).</summary>
    PioOut,
    /// <summary>DMA data-in (READ DMA (EXT)).</summary>
    DmaIn,
    /// <summary>DMA data-out (WRITE DMA (EXT)).</summary>
    DmaOut,
}

/// <summary>
/// A decoded command: its protocol, where its data comes from or goes, and the outcome when it has no data
/// (or failed before any). <see cref="Identify"/> marks the 512 bytes of IDENTIFY DEVICE data.
/// </summary>
public readonly record struct AtaRequest(AtaProtocol Protocol, long Lba, int Sectors, int SectorsPerBlock, bool Identify, byte Status, byte Error)
{
    /// <summary>True when the drive aborted or failed the command.</summary>
    public bool Failed => (Status & AtaRegisters.StatusError) != 0;

    /// <summary>True for the data-in protocols.</summary>
    public bool ToHost => Protocol is AtaProtocol.PioIn or AtaProtocol.DmaIn;

    /// <summary>Bytes the data phase moves.</summary>
    public int Bytes => Sectors * 512;

    /// <summary>A completed command without data, with the given status and error.</summary>
    public static AtaRequest Done(byte status, byte error = 0) => new(AtaProtocol.NonData, 0, 0, 0, false, status, error);
}
